// The retry policies of the node's activities and the failure types that stop a retry, named once.
// Workflows import this file (it holds constants only, no Node or I/O), activities throw the names.
import type { RetryPolicy } from '@temporalio/common';

/** Failure types an activity throws with ApplicationFailure.nonRetryable: retrying cannot help. */
export const NON_RETRYABLE = {
  /** The partner refused a message with a 4xx: the contract, not the network, is at fault. */
  partnerRefused: 'PartnerRefused',
  /** The node lacks something it needs (a signing key). */
  misconfigured: 'Misconfigured',
  /** The scope file is broken; the problems are listed in the message. */
  scopeConfiguration: 'ScopeConfiguration',
  /** A batch id the node never made. */
  unknownBatch: 'UnknownBatch',
  /** A batch whose copy was cleared before it was acknowledged. */
  batchCopyCleared: 'BatchCopyCleared',
} as const;

/**
 * Database work: retried without end, quickly at first and at most once a minute (the default
 * backoff coefficient, 2), so an outage of PostgreSQL delays the work and never loses it.
 */
export const DATABASE_RETRY = { initialInterval: '1 second', maximumInterval: '1 minute' } satisfies RetryPolicy;

/** Sending to the partner, who may be down for hours: keep trying with backoff; a refusal (4xx) is final. */
export const PARTNER_RETRY = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '1 minute',
  nonRetryableErrorTypes: [NON_RETRYABLE.partnerRefused],
} satisfies RetryPolicy;

/** A health check answers now or says the node is unwell: three tries. */
export const HEALTH_RETRY = { maximumAttempts: 3 } satisfies RetryPolicy;

/** A stay's flags and departures: retried without end (a lost flag is a lost overstay), at most every 5 minutes. */
export const STAY_RECORD_RETRY = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '5 minutes',
} satisfies RetryPolicy;

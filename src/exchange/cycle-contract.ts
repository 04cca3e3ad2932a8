// The exchange cycle's contract: its input and result, the signal intake sends it when the partner's
// acknowledgement is stored, and the query that shows its progress. Defined once; the workflow sets
// the handlers, intake and the tests send and ask through these definitions.
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { Duration } from '@temporalio/common';
import type { Country } from '../config';
import { DEFAULT_BATCH_SIZE } from './window';

export type ExchangeStatusValue = 'collecting' | 'transmitting' | 'awaiting-ack' | 'ack-overdue' | 'completed';

export interface CycleOptions {
  batchSize: number;
  /** How long to wait for an acknowledgement before sending the batch again, e.g. '10 minutes'. */
  ackTimeout: Duration;
  /** After this many sends without an acknowledgement the cycle shows ack-overdue (and keeps waiting). */
  ackOverdueAfter: number;
  /** Batches per run before continuing as new: each batch adds a few dozen events to history. */
  batchesPerRun: number;
}

export const DEFAULT_CYCLE_OPTIONS: CycleOptions = {
  batchSize: DEFAULT_BATCH_SIZE,
  ackTimeout: '10 minutes',
  ackOverdueAfter: 3,
  batchesPerRun: 50,
};

export interface ExchangeCycleInput {
  from: Country;
  to: Country;
  window: string;
  /** Entries captured before this instant are due (ISO 8601). */
  windowEnd: string;
  options?: Partial<CycleOptions>;
  /** Carried over continue-as-new. */
  carried?: CycleTotals;
}

export interface CycleTotals {
  batches: number;
  sent: number;
  accepted: number;
  rejected: number;
  resends: number;
}

export interface CycleResult extends CycleTotals {
  workflow_id: string;
}

export interface CycleProgress extends CycleTotals {
  direction: string;
  window: string;
  status: ExchangeStatusValue;
  currentBatch?: { batchId: string; records: number; sends: number };
}

export interface ScheduledCycleInput {
  from: Country;
  to: Country;
  /** Length of a window in ms: 86400000 for the daily cycle, 300000 for every five minutes. */
  intervalMs: number;
  options?: Partial<CycleOptions>;
}

/** Sent to the sender's cycle (carrying only the batch id) when the partner's acknowledgement is stored. */
export const ackReceivedSignal = defineSignal<[{ batchId: string }]>('ackReceived');

/** The cycle's status, totals and the batch in flight. */
export const progressQuery = defineQuery<CycleProgress>('progress');

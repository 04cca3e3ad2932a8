// The contract between the exchange (which receives exits and reconciles them with entries) and the
// stays (one workflow per watched entry). Kept apart so either side can change its insides freely.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Country } from '../config';

export interface ExitRecorded {
  /** The partner's record id (our exits table). */
  exitId: string;
  /** When the traveller left (the partner's entered_at), ISO 8601 UTC. */
  exitedAt: string;
  /** The partner's port where the traveller entered it. */
  port: string;
  /** How the exit was joined to the entry; the evidence lives in the matches table. */
  matchedBy: 'exact' | 'matcher' | 'operator';
  score?: number;
}

/** Workflow id of the stay that watches an entry: node and entry id only, never personal data. */
export function stayWorkflowId(country: Country, entryId: string): string {
  return `stay-${country.toLowerCase()}-${entryId}`;
}

// ---------------------------------------------------------------------------------------------
// The stay workflow's interface: what operators (HTTP, CLI) and the capture path send it.
// Definitions only; the workflow is workflows/stay.ts.

/** Values of the StayStatus search attribute (and of `stays.status`). */
export const STAY_STATUSES = [
  'awaiting_exit',
  'extension_pending',
  'overstay', // suspected in-country overstay: admission ended, no departure recorded
  'compliant',
  'out_of_country_overstay',
  'removal_pending',
  'departed_under_removal',
  'removal_missed',
  'no_admission_period',
] as const;
export type StayStatusValue = (typeof STAY_STATUSES)[number];

export interface StayInput {
  country: Country;
  entryId: string;
  category: string;
  /** The admission rule applied (src/admission/rules.ts). */
  ruleId: string;
  /** Last lawful day, YYYY-MM-DD; null for a stay watched only for a removal order. */
  admitUntil: string | null;
  /** Day the stay's data leaves retention; the workflow ends itself then. */
  retainUntil: string;
  /**
   * IANA zone of the port of entry: admit-until, depart-by and retention days end at local midnight
   * there. Absent in stays started before local days (they keep counting UTC days).
   */
  timeZone?: string;
  /** Set when a removal order started the stay. */
  removal?: RemovalOrder;
  /**
   * Set when the starter wrote the opening state to `stays` (revision 1) before the start, so the
   * first run has nothing to publish: start, one workflow task, a timer. Absent in stays started
   * before 2026-12-01 (their first run saves the opening state itself).
   */
  openingRecorded?: boolean;
  /** State carried over by continue-as-new. */
  carried?: StayState;
  /** History length after which the stay continues as new (default 2,000; tests set it low). */
  continueAfterEvents?: number;
}

export interface RemovalOrder {
  /** The order's reference in the agency's case system (no personal data). */
  orderId: string;
  /** Last day to depart, YYYY-MM-DD. */
  departBy: string;
}

export interface ExtensionRequest {
  /** The new last lawful day asked for, YYYY-MM-DD; must be later than the current one. */
  admitUntil: string;
  reason: string;
  /** `pending`: applied for, stops the stay counting as an overstay while pending (DHS); `granted`: decided at once. */
  decision: 'pending' | 'granted';
}

export interface ExtensionDecision {
  decision: 'granted' | 'refused';
  reason: string;
}

export interface StayEvent {
  at: string;
  event: string;
}

export interface StayState {
  entryId: string;
  status: StayStatusValue;
  category: string;
  ruleId: string;
  admitUntil: string | null;
  originalAdmitUntil: string | null;
  extension: { status: 'pending' | 'granted' | 'refused'; admitUntil: string; reason: string; at: string } | null;
  exit: ExitRecorded | null;
  /** Days between admit-until and the recorded exit (out-of-country overstay), else null. */
  daysOver: number | null;
  /** When the suspected in-country overstay was flagged, while it stands. */
  overstayFlaggedAt: string | null;
  removal:
    | (RemovalOrder & { status: 'pending' | 'departed' | 'departed_late' | 'missed'; missedFlaggedAt: string | null })
    | null;
  retainUntil: string;
  /** Bumped at every change; the database keeps the highest revision it saw. */
  revision: number;
  /** The latest events, newest last; bounded so a long stay keeps a small state. */
  recent: StayEvent[];
}

// Sent only through these definitions (never by name), so sender and stay cannot drift apart.
/** The partner's record of the traveller's exit, matched to the entry (by the exchange's reconcile or an operator). */
export const exitRecordedSignal = defineSignal<[ExitRecorded]>('exitRecorded');
export const removalOrderedSignal = defineSignal<[RemovalOrder]>('removalOrdered');
export const requestExtensionUpdate = defineUpdate<StayState, [ExtensionRequest]>('requestExtension');
export const decideExtensionUpdate = defineUpdate<StayState, [ExtensionDecision]>('decideExtension');
export const stayStateQuery = defineQuery<StayState>('stayState');

// The contract between the exchange (which receives exits and reconciles them with entries) and the
// stays (one workflow per watched entry). Kept apart so either side can change its insides freely.
import type { Country } from '../config';

/** Signal a stay workflow receives when the partner's record of the traveller's exit is matched. */
export const EXIT_RECORDED_SIGNAL = 'exitRecorded';

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

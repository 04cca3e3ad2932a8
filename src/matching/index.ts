// The matcher's public API: what the ingest and the `match` command call.
export { prepare, prepareWithoutKeys, blockingKeys, type MatchInput, type PreparedRecord } from './prepare';
export {
  scorePrepared,
  scorePair,
  weightTable,
  FIELDS,
  type MatchEvidence,
  type FieldEvidence,
  type MatchField,
} from './score';
export {
  matchRecords,
  matchPrepared,
  resolveCandidates,
  DEFAULT_MATCH_OPTIONS,
  type MatchOptions,
  type MatchResult,
  type MatchedPair,
  type ReviewItem,
  type ReviewReason,
  type Candidate,
} from './match';

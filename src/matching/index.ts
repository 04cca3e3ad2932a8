// The matcher's public API: what the ingest and the `match` command call.
export { prepare, prepareWithoutKeys, blockingKeys, isLooseKey, type MatchInput, type PreparedRecord } from './prepare';
export { estimateModel, applyTermFrequencies, describeModel, DEFAULT_ESTIMATE_OPTIONS } from './em';
export {
  scorePrepared,
  scorePair,
  weightTable,
  PRIOR_MODEL,
  FIELDS,
  type MatchModel,
  type MatchEvidence,
  type FieldEvidence,
  type MatchField,
} from './score';
export {
  matchRecords,
  matchPrepared,
  BatchMatcher,
  identifyingPairs,
  isIdentifyingKey,
  blockCandidates,
  calibratedOptions,
  resolveCandidates,
  DEFAULT_MATCH_OPTIONS,
  type MatchOptions,
  type MatchResult,
  type MatchedPair,
  type ReviewItem,
  type ReviewReason,
  type Candidate,
} from './match';

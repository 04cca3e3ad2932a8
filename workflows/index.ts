// The workflows a node's worker runs: one export line per workflow file.
export { healthCheck } from './health';
export { purgeExpiredRecords } from './purge';

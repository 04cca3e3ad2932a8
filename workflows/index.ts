// The workflows a node's worker runs: one export line per workflow file.
export { healthCheck } from './health';
export { exchangeCycle, scheduledExchangeCycle } from './exchange-cycle';
export { ingestBatch } from './ingest';
export { stay } from './stay';
export { purgeExpiredRecords } from './purge';

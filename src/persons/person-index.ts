// The person index on a node, in PostgreSQL: links each entry and exit to one person, finds a
// person by any of their documents, and lets an operator merge (from the review list) or split
// persons, audited. The evidence is weighed by ./evidence.ts; rows hold ids, scores and field
// outcomes only. Linking runs on demand (before every person lookup, and `persons link`), in
// chunks, oldest records first, one linker at a time (advisory lock).
// One module per concern: person-linking.ts, person-lookup.ts, person-review.ts, person-identity.ts,
// over the rows of person-rows.ts. Callers import this module.
export { PersonIndexError, type RecordKind } from './person-rows';
export * from './person-linking';
export * from './person-lookup';
export * from './person-review';
export * from './person-identity';

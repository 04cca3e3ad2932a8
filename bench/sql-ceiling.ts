// The raw PostgreSQL bulk-path ceiling: how fast this machine's PostgreSQL can take N partner
// records in by COPY and join them, on blocking keys, against N own records: nothing more (no
// validation, no scoring, no Temporal). The full cycle's ingest is compared with this figure.
import crypto from 'node:crypto';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { generate } from '../src/matching/eval/generator';
import { blockingKeys, prepare, type MatchInput } from '../src/matching';

export interface SqlCeiling {
  records: number;
  copy_s: number;
  join_s: number;
  candidate_pairs: number;
  sql_ceiling_records_per_s: number;
}

const COLUMNS = [
  'id',
  'surname',
  'first_name',
  'middle_names',
  'date_of_birth',
  'citizenship',
  'sex',
  'document_type',
  'document_number',
  'document_issuer',
  'port_of_entry',
  'entered_at',
] as const;

// COPY text format: tab-separated, \N for null, backslash escapes.
function copyField(value: unknown): string {
  if (value === undefined || value === null || value === '') return '\\N';
  return String(value).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

function recordRows(records: MatchInput[]): string[] {
  return records.map((r) => `${COLUMNS.map((c) => copyField(r[c])).join('\t')}\n`);
}

function keyRows(records: MatchInput[]): string[] {
  const rows: string[] = [];
  for (const r of records)
    for (const key of blockingKeys(prepare(r))) rows.push(`${copyField(r.id)}\t${copyField(key)}\n`);
  return rows;
}

async function copyRows(client: Client, sql: string, rows: string[]): Promise<void> {
  const chunks = function* () {
    for (let i = 0; i < rows.length; i += 2000) yield rows.slice(i, i + 2000).join('');
  };
  await pipeline(Readable.from(chunks()), client.query(copyFrom(sql)));
}

/**
 * Creates a scratch database on the server, loads N own records with their blocking keys (not
 * timed), then times: COPY of N partner records and their keys, and the set-based join that lists
 * candidate pairs. `databaseUrl` is a server URL (any database path is replaced). Drops the scratch
 * database at the end.
 */
export async function measureSqlCeiling(opts: {
  databaseUrl: string;
  records: number;
  seed?: number;
}): Promise<SqlCeiling> {
  const data = generate({ pairs: Math.round(opts.records / 1.05), level: 'realistic', seed: opts.seed ?? 3 });
  const own = data.own.slice(0, opts.records);
  const partner = data.partner.slice(0, opts.records);
  const server = new URL(opts.databaseUrl);
  const dbName = `ceiling_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: Object.assign(new URL(server), { pathname: '/postgres' }).toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const client = new Client({
    connectionString: Object.assign(new URL(server), { pathname: `/${dbName}` }).toString(),
  });
  try {
    await client.connect();
    // The join of a peak day's keys needs more than the default 4 MB to hash in memory.
    await client.query(`SET work_mem = '256MB'`);
    const recordTable = (name: string) =>
      `CREATE UNLOGGED TABLE ${name} (${COLUMNS.map((c) => `${c} text`).join(', ')})`;
    await client.query(recordTable('own_records'));
    await client.query(recordTable('partner_records'));
    await client.query('CREATE UNLOGGED TABLE own_keys (record_id text NOT NULL, key text NOT NULL)');
    await client.query('CREATE UNLOGGED TABLE partner_keys (record_id text NOT NULL, key text NOT NULL)');
    await copyRows(client, `COPY own_records (${COLUMNS.join(', ')}) FROM STDIN`, recordRows(own));
    await copyRows(client, 'COPY own_keys (record_id, key) FROM STDIN', keyRows(own));
    await client.query('CREATE INDEX ON own_keys (key)');
    await client.query('ANALYZE own_keys');
    // Rows and keys are made ready before the clock starts: the ceiling is the database's share only.
    const partnerRows = recordRows(partner);
    const partnerKeys = keyRows(partner);

    const started = process.hrtime.bigint();
    await copyRows(client, `COPY partner_records (${COLUMNS.join(', ')}) FROM STDIN`, partnerRows);
    await copyRows(client, 'COPY partner_keys (record_id, key) FROM STDIN', partnerKeys);
    const copied = process.hrtime.bigint();
    const joined = await client.query<{ pairs: string }>(
      `SELECT count(*) AS pairs FROM (
         SELECT DISTINCT pk.record_id AS partner_id, ok.record_id AS own_id
         FROM partner_keys pk JOIN own_keys ok ON ok.key = pk.key) candidates`,
    );
    const done = process.hrtime.bigint();
    const seconds = Number(done - started) / 1e9;
    return {
      records: partner.length,
      copy_s: Math.round(Number(copied - started) / 1e6) / 1000,
      join_s: Math.round(Number(done - copied) / 1e6) / 1000,
      candidate_pairs: Number(joined.rows[0].pairs),
      sql_ceiling_records_per_s: Math.round(partner.length / seconds),
    };
  } finally {
    await client.end().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${dbName}`).catch(() => undefined);
    await admin.end();
  }
}

// The person index's linking run on a real PostgreSQL: N own entries and the partner's records of
// the same travellers (the matcher's noisy generator: transliteration, typos, swapped names, new
// documents, distractors), all unlinked, then one `linkPendingRecords`. Prints one JSON line: the
// time, records per second, and how often a traveller's entry and exit ended up as one person
// (recall) and how often an exit joined a person whose entry is not its own (wrong links). The exchange's
// own matches are not loaded, so the figures are for the person evidence alone.
//   npx tsx bench/persons-link.ts [--pairs 5000] [--level realistic|harsh]
// Uses DATABASE_URL (a server) when set, else an embedded PostgreSQL in a temp dir.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isIsoDate } from '../src/calendar';
import { createPool, databaseUrl, ensureDatabase } from '../src/db/pool';
import { migrate } from '../src/db/migrate';
import { generate, type NoiseLevel } from '../src/matching/eval/generator';
import type { MatchInput } from '../src/matching';
import { freePort } from '../src/net/ports';
import { linkPendingRecords } from '../src/persons/person-index';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/postgres/embedded';

const arg = (name: string, fallback: string) =>
  process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback;

const str = (v: unknown) => (typeof v === 'string' ? v : '');
/** Generated records the tables can hold: a real birth date and instant (the generator also makes impossible ones). */
const storable = (r: MatchInput) => isIsoDate(str(r.date_of_birth)) && !Number.isNaN(Date.parse(str(r.entered_at)));

async function main(): Promise<void> {
  const pairs = Number(arg('--pairs', '5000'));
  const level = arg('--level', 'realistic') as NoiseLevel;
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'entry-exit-persons-'));
  let postgres: EmbeddedPostgres | undefined;
  try {
    let serverUrl = process.env.DATABASE_URL;
    if (!serverUrl) {
      postgres = await startEmbeddedPostgres({ dataDir: path.join(workDir, 'postgres'), port: await freePort() });
      serverUrl = postgres.serverUrl;
    }
    const name = `bench_persons_${crypto.randomBytes(3).toString('hex')}`;
    await ensureDatabase(serverUrl, name);
    const pool = createPool(databaseUrl(serverUrl, name));
    try {
      await migrate(pool);
      const data = generate({ pairs, level, seed: 15 });
      const own = data.own.filter(storable);
      const partner = data.partner.filter(storable);
      const insert = async (table: 'entries' | 'exits', rows: MatchInput[]) => {
        const at = table === 'entries' ? 'entered_at' : 'exited_at';
        const extra = table === 'entries' ? '' : ', batch_id';
        const extraValue = table === 'entries' ? '' : ", 'bench'";
        await pool.query(
          `INSERT INTO ${table} (id, surname, first_name, middle_names, date_of_birth, citizenship, sex, document_type,
                                 document_number, document_issuer, port_of_entry, ${at}, content_hash${extra})
           SELECT u.*, 'bench'${extraValue} FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[], $6::text[],
             $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::timestamptz[]) AS u`,
          [
            rows.map((r) => r.id),
            ...(
              ['surname', 'first_name', 'middle_names', 'date_of_birth', 'citizenship', 'sex', 'document_type'] as const
            ).map((f) => rows.map((r) => str(r[f]))),
            rows.map((r) => str(r.document_number)),
            rows.map((r) => str(r.document_issuer)),
            rows.map((r) => str(r.port_of_entry) || 'X'),
            rows.map((r) => str(r.entered_at)),
          ],
        );
      };
      await insert('entries', own);
      await insert('exits', partner);

      const started = process.hrtime.bigint();
      const run = await linkPendingRecords(pool);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;

      const { rows } = await pool.query<{ id: string; kind: string; person_id: string }>(
        `SELECT COALESCE(entry_id, exit_id) AS id, CASE WHEN entry_id IS NULL THEN 'exit' ELSE 'entry' END AS kind, person_id FROM person_records`,
      );
      const personOf = new Map(rows.map((r) => [`${r.kind}:${r.id}`, r.person_id]));
      const withEntries = new Set(rows.filter((r) => r.kind === 'entry').map((r) => r.person_id));
      let truePairs = 0;
      let joined = 0;
      for (const [exitId, entryId] of data.truth) {
        const p = personOf.get(`exit:${exitId}`);
        const e = personOf.get(`entry:${entryId}`);
        if (p === undefined || e === undefined) continue;
        truePairs += 1;
        if (p === e) joined += 1;
      }
      // The generator's truth pairs an exit with its own trip's entry; a traveller's other trips (an
      // earlier exit, a repeat trip) are the same person but not in it. So: an exit with a known entry
      // joined to a person that holds entries but not that one is a wrong link; exits with no known
      // entry joined to a person with entries are counted apart (mostly the same traveller's earlier exit).
      let falseLinks = 0;
      let knownJoined = 0;
      let unknownJoined = 0;
      for (const r of rows.filter((x) => x.kind === 'exit')) {
        if (!withEntries.has(r.person_id)) continue;
        const own = data.truth.get(r.id);
        if (own === undefined) unknownJoined += 1;
        else {
          knownJoined += 1;
          if (personOf.get(`entry:${own}`) !== r.person_id) falseLinks += 1;
        }
      }
      const records = own.length + partner.length;
      process.stdout.write(
        `${JSON.stringify({
          machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version },
          level,
          entries: own.length,
          exits: partner.length,
          link_s: Math.round(seconds * 100) / 100,
          records_per_s: Math.round(records / seconds),
          run,
          true_pairs: truePairs,
          recall: Math.round((joined / truePairs) * 10000) / 10000,
          wrong_links: falseLinks,
          wrong_link_rate: Math.round((falseLinks / Math.max(1, knownJoined)) * 10000) / 10000,
          exits_without_known_entry_joined: unknownJoined,
          distractors: data.counts.distractors,
        })}\n`,
      );
    } finally {
      await pool.end();
    }
  } finally {
    await postgres?.stop().catch(() => undefined);
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    process.stderr.write(`bench/persons-link: ${err.message}\n`);
    process.exit(1);
  },
);

// Migration 060 on a database that already holds records (issue 14): every stored entry and exit
// gets its local day and zone from its port, entries captured without a category get the one the
// document and the law give (a US citizen, a green card entering the US, a Canadian PR card entering
// Canada), and the stays' retention is recomputed from that category and the local day (DHS/CBP-007
// BCI SORN: 15 years for US citizens and permanent residents, 75 for others; Customs Act s.93.1: 15).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { databaseUrl, ensureDatabase } from '../src/db/pool';
import { migrate, MIGRATIONS_DIR } from '../src/db/migrate';

describe('migration 060: local days and inferred categories for stored records', () => {
  let pool: Pool;

  beforeAll(async () => {
    const name = `ee_mig060_${crypto.randomBytes(4).toString('hex')}`;
    await ensureDatabase(process.env.DATABASE_URL!, name);
    pool = new Pool({ connectionString: databaseUrl(process.env.DATABASE_URL!, name), max: 2 });
    // The schema as it stood before 060.
    const before = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-before-'));
    for (const file of fs.readdirSync(MIGRATIONS_DIR).filter((f) => /^0[0-5]\d_.*\.sql$/.test(f)))
      fs.copyFileSync(path.join(MIGRATIONS_DIR, file), path.join(before, file));
    await migrate(pool, before);
    const entry = (
      id: string,
      citizenship: string,
      type: string,
      issuer: string,
      port: string,
      at: string,
      category: string | null,
    ) =>
      pool.query(
        `INSERT INTO entries (id, surname, first_name, date_of_birth, citizenship, sex, document_type, document_number,
                              document_issuer, port_of_entry, entered_at, category, content_hash, has_stay)
         VALUES ($1, 'TESTER', 'ALEX', '1980-01-01', $2, 'F', $3, 'AB123456', $4, $5, $6, $7, $1, $8)`,
        [id, citizenship, type, issuer, port, at, category, id === 'green-card'],
      );
    await entry('us-citizen', 'USA', 'P', 'USA', 'US-BUFFALO-PEACE', '2026-11-28T01:30:00Z', null);
    await entry('green-card', 'IND', 'PR', 'USA', 'US-BLAINE-PH', '2026-11-28T06:30:00Z', null);
    await entry('ca-pr-card', 'CHN', 'PR', 'CAN', 'CA-LACOLLE', '2026-11-28T04:00:00Z', null);
    await entry('captured', 'DEU', 'P', 'DEU', 'US-CHAMPLAIN', '2026-11-27T15:00:00Z', 'temporary_resident');
    // A stay opened for the green-card holder as a visitor before 060, kept 75 years.
    await pool.query(
      `INSERT INTO stays (entry_id, workflow_id, rule_id, category, admit_until, original_admit_until, status, retain_until)
       VALUES ('green-card', 'stay-us-green-card', 'us.visitor', 'visitor', '2027-05-28', '2027-05-28', 'awaiting_exit', '2101-11-28')`,
    );
    await pool.query(
      `INSERT INTO exits (id, surname, first_name, date_of_birth, citizenship, sex, document_type, document_number,
                          document_issuer, port_of_entry, exited_at, batch_id, content_hash)
       VALUES ('x-1', 'TESTER', 'ALEX', '1980-01-01', 'IND', 'F', 'P', 'AB123456', 'IND', 'CA-CAMPOBELLO', '2026-11-28T03:30:00Z', 'b', 'h')`,
    );
    await migrate(pool);
  }, 60_000);

  afterAll(async () => pool?.end());

  it('fills the local day and zone of every stored entry and exit from its port', async () => {
    const { rows } = await pool.query(
      `SELECT id, to_char(local_date, 'YYYY-MM-DD') AS local_date, time_zone FROM entries ORDER BY id`,
    );
    expect(rows).toEqual([
      { id: 'ca-pr-card', local_date: '2026-11-27', time_zone: 'America/Toronto' },
      { id: 'captured', local_date: '2026-11-27', time_zone: 'America/New_York' },
      { id: 'green-card', local_date: '2026-11-27', time_zone: 'America/Los_Angeles' },
      { id: 'us-citizen', local_date: '2026-11-27', time_zone: 'America/New_York' },
    ]);
    // Campobello keeps Atlantic time: 03:30Z is 23:30 on the 27th there.
    const exit = await pool.query(`SELECT to_char(local_date, 'YYYY-MM-DD') AS d, time_zone FROM exits`);
    expect(exit.rows).toEqual([{ d: '2026-11-27', time_zone: 'America/Moncton' }]);
  });

  it('infers the category the port did not send, keeps a captured one, and recomputes the stay retention', async () => {
    const { rows } = await pool.query(`SELECT id, category, category_from FROM entries ORDER BY id`);
    expect(rows).toEqual([
      { id: 'ca-pr-card', category: 'permanent_resident', category_from: 'document' },
      { id: 'captured', category: 'temporary_resident', category_from: 'captured' },
      { id: 'green-card', category: 'permanent_resident', category_from: 'document' },
      { id: 'us-citizen', category: 'citizen', category_from: 'citizenship' },
    ]);
    const stay = await pool.query(`SELECT category, to_char(retain_until, 'YYYY-MM-DD') AS retain_until FROM stays`);
    expect(stay.rows).toEqual([{ category: 'permanent_resident', retain_until: '2041-11-27' }]);
  });

  it('keeps new rows in step: the database sets the local day of a row written after the migration', async () => {
    await pool.query(
      `INSERT INTO entries (id, surname, date_of_birth, citizenship, sex, document_type, document_number, document_issuer,
                            port_of_entry, entered_at, content_hash)
       VALUES ('later', 'TESTER', '1980-01-01', 'MEX', 'F', 'P', 'G12345678', 'MEX', 'US-ALCAN', '2026-11-28T08:30:00Z', 'h')`,
    );
    const { rows } = await pool.query(
      `SELECT to_char(local_date, 'YYYY-MM-DD') AS d, time_zone FROM entries WHERE id = 'later'`,
    );
    expect(rows).toEqual([{ d: '2026-11-27', time_zone: 'America/Anchorage' }]);
    await pool.query(`UPDATE entries SET entered_at = '2026-11-28T09:30:00Z' WHERE id = 'later'`);
    expect(
      (await pool.query(`SELECT to_char(local_date, 'YYYY-MM-DD') AS d FROM entries WHERE id = 'later'`)).rows,
    ).toEqual([{ d: '2026-11-28' }]);
  });
});

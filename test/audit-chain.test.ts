// The tamper-evident audit trail (issue 26, point 3; docs/security.md, "Audit trail"): every row is
// chained to the one before it by a hash over its canonical encoding, the node cannot update or
// delete a row, and `entry-exit audit verify` names the first row altered, inserted or missing.
// Tampering is simulated as someone with the database owner's rights would do it: triggers off.
import crypto from 'node:crypto';
import { Pool } from 'pg';
import { verifyAuditChain, writeAudit } from '../src/db/audit';
import { databaseUrl, ensureDatabase } from '../src/db/pool';
import { migrate } from '../src/db/migrate';
import { cli } from './support/cli';
import { isolatedPairEnv } from './support/nodes';

describe('the audit chain', () => {
  let pool: Pool;
  let name: string;

  const asOwnerBehindTheTriggers = async (sql: string, params: unknown[] = []) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query("SET LOCAL session_replication_role = 'replica'");
      await client.query(sql, params);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  };

  const freshTrail = async (rows: number) => {
    await asOwnerBehindTheTriggers('TRUNCATE audit_log');
    await asOwnerBehindTheTriggers("UPDATE audit_chain_head SET seq = 0, row_hash = repeat('0', 64)");
    for (let i = 0; i < rows; i++)
      await writeAudit(pool, { actor: `officer-${i}`, action: 'test.action', recordIds: [`r-${i}`], counts: { n: i } });
  };

  beforeAll(async () => {
    name = `ee_audit_${crypto.randomBytes(4).toString('hex')}`;
    await ensureDatabase(process.env.DATABASE_URL!, name);
    pool = new Pool({ connectionString: databaseUrl(process.env.DATABASE_URL!, name), max: 4 });
    await migrate(pool);
  });
  afterAll(() => pool.end());

  it('chains rows written at once from many connections, and verifies them', async () => {
    await freshTrail(0);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => writeAudit(pool, { actor: `a${i}`, action: 'test.parallel' })),
    );
    const check = await verifyAuditChain(pool);
    expect(check).toMatchObject({ ok: true, rows: 40 });
  });

  it('refuses the node an update or a delete of an audit row', async () => {
    await freshTrail(3);
    await expect(pool.query("UPDATE audit_log SET actor = 'someone-else'")).rejects.toThrow(/never update/);
    await expect(pool.query('DELETE FROM audit_log')).rejects.toThrow(/never delete/);
    expect((await pool.query('SELECT count(*)::int AS n FROM audit_log')).rows[0].n).toBe(3);
  });

  it('names a row altered behind the triggers', async () => {
    await freshTrail(5);
    await asOwnerBehindTheTriggers("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 3");
    expect(await verifyAuditChain(pool)).toMatchObject({
      ok: false,
      seq: 3,
      problem: expect.stringMatching(/altered/),
    });
  });

  it('names a row removed from the middle, and rows removed from the end', async () => {
    await freshTrail(5);
    await asOwnerBehindTheTriggers('DELETE FROM audit_log WHERE seq = 2');
    expect(await verifyAuditChain(pool)).toMatchObject({
      ok: false,
      seq: 2,
      problem: expect.stringMatching(/missing/),
    });
    await freshTrail(5);
    await asOwnerBehindTheTriggers('DELETE FROM audit_log WHERE seq >= 4');
    expect(await verifyAuditChain(pool)).toMatchObject({
      ok: false,
      seq: 4,
      problem: "audit rows 4 to 5 are missing: the chain's head counts 5 rows",
    });
  });

  it('names a row inserted in place of another, even with a hash made the same way', async () => {
    await freshTrail(5);
    await asOwnerBehindTheTriggers('DELETE FROM audit_log WHERE seq = 3');
    await asOwnerBehindTheTriggers(
      `INSERT INTO audit_log (seq, actor, action, prev_hash, row_hash) VALUES (3, 'forger', 'test.action', repeat('f', 64), '')`,
    );
    await asOwnerBehindTheTriggers('UPDATE audit_log a SET row_hash = audit_row_hash(a) WHERE seq = 3');
    expect(await verifyAuditChain(pool)).toMatchObject({
      ok: false,
      seq: 3,
      problem: expect.stringMatching(/does not follow row 2/),
    });
  });

  it('`entry-exit audit verify` exits 0 on an intact chain and non-zero naming the first bad row', async () => {
    await freshTrail(4);
    const env = { ...(await isolatedPairEnv()), US_DATABASE_NAME: name };
    const intact = await cli({ env }, ['audit', 'verify', '--node', 'us']);
    expect(intact.code).toBe(0);
    expect(JSON.parse(intact.stdout.trim())).toMatchObject({ ok: true, rows: 4 });
    await asOwnerBehindTheTriggers('UPDATE audit_log SET counts = \'{"n": 99}\' WHERE seq = 2');
    const broken = await cli({ env }, ['audit', 'verify', '--node', 'us']);
    expect(broken.code).not.toBe(0);
    expect(broken.stderr).toMatch(/audit chain broken at row 2: audit row 2 \(id \d+\) was altered/);
  }, 120_000);
});

// Scope rules: pure, effective-dated, in milliseconds. The SQL form must agree with the code form.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { DEFAULT_SCOPE_PHASES, isInScope, phaseOn, scopeSqlCondition, validatePhases } from '../../src/scope/rules';
import { loadScopePhases } from '../../src/config/scope';
import { PHASE_I_PILOT_PORTS, PORTS } from '../../src/record/ports';

describe('scope rules', () => {
  const tcn = (port: string) => ({ port_of_entry: port, citizenship: 'DEU' });
  const citizen = (port: string) => ({ port_of_entry: port, citizenship: 'CAN' });

  it('sends nothing before Phase I', () => {
    expect(phaseOn('2012-09-29')).toBeUndefined();
    expect(isInScope(tcn('US-BLAINE-PH'), '2012-09-29')).toBe(false);
  });

  it('Phase I: pilot ports only, non-citizens only', () => {
    expect(isInScope(tcn('US-BLAINE-PH'), '2012-10-01')).toBe(true);
    expect(isInScope(tcn('CA-QUEENSTON'), '2012-10-01')).toBe(true);
    expect(isInScope(tcn('US-CHAMPLAIN'), '2012-10-01')).toBe(false);
    expect(isInScope(citizen('US-BLAINE-PH'), '2012-10-01')).toBe(false);
    expect(isInScope({ port_of_entry: 'US-BLAINE-PH', citizenship: 'USA' }, '2012-10-01')).toBe(false);
  });

  it('Phase II: all ports, still no citizens', () => {
    expect(isInScope(tcn('US-CHAMPLAIN'), '2013-06-30')).toBe(true);
    expect(isInScope(citizen('US-CHAMPLAIN'), '2019-07-10')).toBe(false);
  });

  it('Phase III: everyone, from 11 July 2019; sub-daily windows use their day', () => {
    expect(isInScope(citizen('US-CHAMPLAIN'), '2019-07-11')).toBe(true);
    expect(isInScope(citizen('CA-LACOLLE'), '2026-11-27T10:05')).toBe(true);
  });

  it('holds for any port and date: a citizen is in scope only in Phase III, a pilot port always once Phase I starts, except in the gap before Phase II', () => {
    const ports = [...PORTS.keys()];
    fc.assert(
      fc.property(
        fc.constantFrom(...ports),
        fc.constantFrom('USA', 'CAN', 'DEU', 'MEX', 'XXA'),
        fc.date({ min: new Date('2010-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }),
        (port, citizenship, date) => {
          const day = date.toISOString().slice(0, 10);
          const inScope = isInScope({ port_of_entry: port, citizenship }, day);
          if (['USA', 'CAN'].includes(citizenship) && day < '2019-07-11') expect(inScope).toBe(false);
          if (!['USA', 'CAN'].includes(citizenship) && PHASE_I_PILOT_PORTS.includes(port) && day >= '2012-09-30')
            expect(inScope).toBe(day <= '2013-01-31' || day >= '2013-06-30');
          if (day >= '2019-07-11') expect(inScope).toBe(true);
        },
      ),
    );
  });

  it('takes a phase table from EXCHANGE_SCOPE_FILE, and says what is wrong with a bad one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scope-'));
    const good = path.join(dir, 'good.json');
    fs.writeFileSync(
      good,
      JSON.stringify([
        { name: 'only Lacolle', effectiveFrom: '2020-01-01', ports: ['CA-LACOLLE'], includeCitizens: true },
      ]),
    );
    const phases = loadScopePhases({ EXCHANGE_SCOPE_FILE: good });
    expect(isInScope(citizen('CA-LACOLLE'), '2021-01-01', phases)).toBe(true);
    expect(isInScope(citizen('CA-EMERSON'), '2021-01-01', phases)).toBe(false);
    expect(loadScopePhases({})).toBe(DEFAULT_SCOPE_PHASES);
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(
      bad,
      JSON.stringify([{ name: 'x', effectiveFrom: '2020-1-1', ports: ['NOPE'], includeCitizens: 'yes' }]),
    );
    expect(() => loadScopePhases({ EXCHANGE_SCOPE_FILE: bad })).toThrow(
      /effectiveFrom must be YYYY-MM-DD[\s\S]*includeCitizens must be true or false[\s\S]*unknown port code "NOPE"/,
    );
    expect(validatePhases([])).toEqual(['scope rules must be a non-empty JSON array of phases']);
  });

  it('builds one SQL condition per phase with the same bounds', () => {
    const { sql, params } = scopeSqlCondition(DEFAULT_SCOPE_PHASES, 3);
    expect(sql.match(/e\.local_date >=/g)).toHaveLength(3);
    expect(params[0]).toBe('2012-09-30');
    // Phase I ends on 31 January 2013: the gap before Phase II is in the SQL too.
    expect(params).toContain('2013-01-31');
    expect(sql).toContain('$3');
    expect(sql).not.toMatch(/\$2\b/);
  });
});

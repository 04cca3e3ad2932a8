// Scope rules: pure, effective-dated, in milliseconds. The SQL form must agree with the code form.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import {
  DEFAULT_SCOPE_PHASES,
  isInScope,
  phaseOn,
  scopeDecision,
  scopeSqlCondition,
  validatePhases,
} from '../../src/scope/rules';
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

  it('the interim arrangement (CBSA PIA, Entry/Exit Initiative: from 23 August 2016 Canada sends entries of US citizens and nationals), per direction', () => {
    const usCitizen = (port: string) => ({ port_of_entry: port, citizenship: 'USA' });
    expect(isInScope(usCitizen('CA-LACOLLE'), '2016-08-22')).toBe(false);
    expect(isInScope(usCitizen('CA-LACOLLE'), '2016-08-23')).toBe(true);
    // The US node sends no citizens before Phase III, and Canada sends no Canadian citizens.
    expect(isInScope(usCitizen('US-CHAMPLAIN'), '2017-05-01')).toBe(false);
    expect(isInScope(citizen('US-CHAMPLAIN'), '2017-05-01')).toBe(false);
    expect(isInScope(citizen('CA-LACOLLE'), '2017-05-01')).toBe(false);
    expect(isInScope(citizen('CA-LACOLLE'), '2019-07-10')).toBe(false);
    expect(isInScope(citizen('CA-LACOLLE'), '2019-07-11')).toBe(true);
    expect(scopeDecision(usCitizen('US-CHAMPLAIN'), '2017-05-01').reason).toMatch(
      /Interim \(US citizens from Canada\).*the US node sends third-country nationals and permanent residents, not USA citizens/,
    );
    expect(scopeDecision(usCitizen('CA-LACOLLE'), '2017-05-01').reason).toMatch(/USA citizens sent by the CA node/);
  });

  it('never sends the exempt groups, in any phase or direction (CBSA: no information on Registered Indians or protected persons)', () => {
    for (const exempt_group of ['registered_indian', 'protected_person'])
      for (const port of ['CA-LACOLLE', 'US-CHAMPLAIN'])
        for (const day of ['2013-07-01', '2017-05-01', '2026-11-27']) {
          const d = scopeDecision({ port_of_entry: port, citizenship: 'DEU', exempt_group }, day);
          expect(d.inScope).toBe(false);
          expect(d.reason).toMatch(/never exchanged/);
        }
  });

  it('checks citizensSentBy in a phase file', () => {
    expect(
      validatePhases([
        {
          name: 'x',
          effectiveFrom: '2020-01-01',
          ports: 'all',
          includeCitizens: false,
          citizensSentBy: { MX: ['DEU'] },
        },
      ]),
    ).toEqual([
      'phase 1: citizensSentBy has "MX", expected US or CA',
      'phase 1: citizensSentBy.MX must list USA and/or CAN',
    ]);
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
          // Before Phase III only Canada's entries of US citizens go, from the interim start (23 Aug 2016).
          const interimUs = citizenship === 'USA' && port.startsWith('CA-') && day >= '2016-08-23';
          if (['USA', 'CAN'].includes(citizenship) && day < '2019-07-11') expect(inScope).toBe(interimUs);
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
    expect(sql.match(/e\.local_date >=/g)).toHaveLength(DEFAULT_SCOPE_PHASES.length);
    // The exempt groups are out of every phase; the interim phase withholds only the US node's citizens.
    expect(sql.startsWith('(e.exempt_group IS NULL AND')).toBe(true);
    expect(params).toContainEqual('US-');
    expect(params[0]).toBe('2012-09-30');
    // Phase I ends on 31 January 2013: the gap before Phase II is in the SQL too.
    expect(params).toContain('2013-01-31');
    expect(sql).toContain('$3');
    expect(sql).not.toMatch(/\$2\b/);
  });
});

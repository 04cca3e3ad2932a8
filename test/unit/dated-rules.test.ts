// Rules as they stood on the day (issue 27): Visa Waiver Program designations, terminations and
// rescissions by their Federal Register notices; the counting convention of each admission period on
// its source's own example; the exempt groups in the captured record and the `rules` contract;
// `rules --as-of` for the rules dated by the day they are applied. Pure, except the CLI case.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { admissionFor, inferCategory } from '../../src/admission/rules';
import {
  VISA_WAIVER_COUNTRIES,
  VWP_CHANGES,
  visaWaiverCountriesOn,
  vwpStatusOn,
} from '../../src/admission/visa-waiver';
import { EXCHANGED_FIELDS, ExchangeRecordSchema, parseCapturedEntry } from '../../src/record/schema';
import { evaluateEntry } from '../../src/rules/evaluate';

const ROOT = path.join(__dirname, '..', '..');
// Entries at Champlain NY at noon Eastern time: the local day is the date written.
const usEntry = (citizenship: string, day: string) =>
  admissionFor('US', {
    category: null,
    citizenship,
    enteredAt: `${day}T12:00:00-05:00`,
    portOfEntry: 'US-CHAMPLAIN',
    admitUntil: null,
  });

describe('Visa Waiver Program designations have dates (INA 217(c); 8 CFR 217.2; Federal Register)', () => {
  it.each([
    // [country, last day before, first day, source]
    ['POL', '2019-11-10', '2019-11-11', '84 FR 60316; DHS release: travel from 11 November 2019'],
    ['HRV', '2021-11-30', '2021-12-01', '86 FR 54029: effective 1 December 2021'],
    ['ISR', '2023-11-29', '2023-11-30', '88 FR 67063: implemented 30 November 2023'],
    ['QAT', '2024-11-30', '2024-12-01', '89 FR 78783: implemented 1 December 2024'],
    ['TWN', '2012-10-31', '2012-11-01', '77 FR 64409: effective 1 November 2012'],
    ['CHL', '2014-03-30', '2014-03-31', '79 FR 17852: effective 31 March 2014'],
  ])('%s: a B visitor on %s, 90 days from %s (%s)', (country, before, first) => {
    const b = usEntry(country, before);
    expect(b.rule.id).toBe('us.visitor');
    expect(b.visaWaiver?.designated).toBe(false);
    expect(b.visaWaiver?.reason).toMatch(/not yet admitted under the Visa Waiver Program/);
    const v = usEntry(country, first);
    expect(v.rule.id).toBe('us.visa_waiver');
    expect(v.visaWaiver?.reason).toMatch(new RegExp(`${country} designated .*FR`));
  });

  it('a Polish visitor the day before the designation gets the B visitor six months, not 90 days', () => {
    expect(usEntry('POL', '2019-11-10').admitUntil).toBe('2020-05-10');
    expect(usEntry('POL', '2019-11-11').admitUntil).toBe('2020-02-08');
  });

  it('terminations: Uruguay from 15 April 2003 (68 FR 10954), Argentina from 21 February 2002', () => {
    expect(vwpStatusOn('URY', '2003-04-14').designated).toBe(true);
    expect(vwpStatusOn('URY', '2003-04-15').designated).toBe(false);
    expect(vwpStatusOn('URY', '2003-04-15').reason).toMatch(/termination from 2003-04-15 \(68 FR 10954/);
    expect(vwpStatusOn('ARG', '2001-06-01').designated).toBe(true);
    expect(vwpStatusOn('ARG', '1996-07-07').designated).toBe(false);
    expect(usEntry('ARG', '2026-11-27').rule.id).toBe('us.visitor');
  });

  it('Romania: designated 9 January 2025, paused before implementation and rescinded 2 May 2025: never VWP', () => {
    for (const day of ['2025-01-10', '2025-03-31', '2025-04-15', '2025-05-02', '2026-11-27'])
      expect(vwpStatusOn('ROU', day).designated).toBe(false);
    expect(VISA_WAIVER_COUNTRIES.has('ROU')).toBe(false);
  });

  it('every row names its Federal Register document or says the citation is to verify', () => {
    for (const row of VWP_CHANGES) expect(row.citation).toMatch(/\d+ FR \d+|citation to verify/);
    // The table's list today: the 42 countries of the State Department's 2025 list without Romania.
    expect(VISA_WAIVER_COUNTRIES.size).toBe(42);
    // Before 17 November 2008 (73 FR 67711) the program had 27 countries, after Uruguay left.
    expect(visaWaiverCountriesOn('2008-11-16').size).toBe(27);
    expect(visaWaiverCountriesOn('2008-11-17').size).toBe(34);
  });
});

describe('one counting convention per source, tested on its own example', () => {
  it("VWP: the day of arrival is day 1 (US Embassy Tokyo's example: arrival 1 July 2005, leave by 28 September 2005)", () => {
    // Japan is in the undated baseline, so a 2005 entry is a VWP entry.
    expect(usEntry('JPN', '2005-07-01').admitUntil).toBe('2005-09-28');
  });

  it('Canada: six months after the day of entry, the same-numbered day or the month end (IRPR 183(2); Interpretation Act s.28)', () => {
    const ca = (day: string) =>
      admissionFor('CA', {
        category: null,
        citizenship: 'DEU',
        enteredAt: `${day}T12:00:00-05:00`,
        portOfEntry: 'CA-LACOLLE',
        admitUntil: null,
      }).admitUntil;
    // s.28: counting forward from the day the number of months, to the day with the same number,
    // or the last day of the month when it has no such day.
    expect(ca('2026-03-15')).toBe('2026-09-15');
    expect(ca('2026-08-31')).toBe('2027-02-28');
    expect(ca('2027-08-31')).toBe('2028-02-29');
  });
});

describe('the exempt groups (CBSA: no information shared on Registered Indians or protected persons)', () => {
  const captured = (over: Record<string, unknown>) => ({
    id: 'exempt-1',
    surname: 'Tester',
    first_name: 'Pat',
    date_of_birth: '1980-05-17',
    citizenship: 'SYR',
    sex: 'F',
    document_type: 'CR',
    document_number: 'RT1234567',
    document_issuer: 'CAN',
    port_of_entry: 'CA-LACOLLE',
    entered_at: '2026-11-27T12:00:00-05:00',
    ...over,
  });

  it('the port sends the group in the captured record; anything else is refused with the allowed values', () => {
    expect(parseCapturedEntry(captured({ exempt_group: 'protected_person' })).ok).toBe(true);
    const bad = parseCapturedEntry(captured({ exempt_group: 'refugee' }));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems.join(' ')).toMatch(/exempt_group.*registered_indian, protected_person/);
  });

  it('the group is never an exchanged element: the partner record refuses it (data minimisation)', () => {
    const { exempt_group: _local, ...record } = { ...captured({}), exempt_group: 'protected_person' };
    expect(EXCHANGED_FIELDS).not.toContain('exempt_group');
    expect(ExchangeRecordSchema.safeParse(record).success).toBe(true);
    expect(ExchangeRecordSchema.safeParse({ ...record, exempt_group: _local }).success).toBe(false);
  });

  it('the rules contract leaves them out at both nodes, and says why', () => {
    const ca = evaluateEntry('CA', captured({ exempt_group: 'protected_person' }));
    expect(ca.in_scope_to_partner).toBe(false);
    expect(ca.scope_reason).toMatch(/protected_person: never exchanged/);
    const us = evaluateEntry(
      'US',
      captured({
        exempt_group: 'registered_indian',
        citizenship: 'CAN',
        document_type: 'P',
        document_number: 'AB123456',
        port_of_entry: 'US-CHAMPLAIN',
      }),
    );
    expect(us.in_scope_to_partner).toBe(false);
    // Without the group the same Canadian-issued travel document is exchanged as usual.
    expect(evaluateEntry('CA', captured({})).in_scope_to_partner).toBe(true);
  });

  it("a protected person's refugee travel document alone is not a permanent resident's (IRPA s.95 vs s.2(1), s.31(1))", () => {
    const c = inferCategory('CA', { category: null, citizenship: 'SYR', documentType: 'CR', documentIssuer: 'CAN' });
    expect(c.category).toBe('visitor');
    expect(evaluateEntry('CA', captured({ exempt_group: 'protected_person' })).category).not.toBe('permanent_resident');
  });
});

describe('rules --as-of: the day whose rules apply where the rule has its own date', () => {
  it('admission and scope follow the crossing; as_of is reported and passed to retention', () => {
    const v = evaluateEntry(
      'US',
      { ...captured2019(), citizenship: 'POL', document_issuer: 'POL' },
      { asOf: new Date('2030-01-01T23:59:59Z') },
    );
    expect(v.admission_rule).toBe('us.visitor');
    expect(v.visa_waiver).toBe(false);
    expect(v.scope_phase).toBe('Interim (US citizens from Canada)');
    expect(v.as_of).toBe('2030-01-01');
  });

  it('the CLI takes --as-of and refuses a date that is not one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rules-as-of-'));
    const file = path.join(dir, 'e.json');
    fs.writeFileSync(file, JSON.stringify(captured2019()));
    const run = (args: string[]) =>
      spawnSync(process.execPath, [path.join(ROOT, 'bin/entry-exit.js'), 'rules', '--node', 'us', ...args, file], {
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: '', TEMPORAL_ADDRESS: '' },
      });
    const ok = run(['--as-of', '2030-01-01']);
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ as_of: '2030-01-01', admission_rule: 'us.visa_waiver' });
    const bad = run(['--as-of', '2030-02-30']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--as-of must be a calendar date YYYY-MM-DD/);
  });
});

function captured2019() {
  return {
    id: 'as-of-1',
    surname: 'Tester',
    first_name: 'Pat',
    date_of_birth: '1980-05-17',
    citizenship: 'DEU',
    sex: 'F',
    document_type: 'P',
    document_number: 'C01X00T47',
    document_issuer: 'DEU',
    port_of_entry: 'US-CHAMPLAIN',
    entered_at: '2019-03-01T12:00:00-05:00',
  };
}

// Domain rules from the sources (issue 14, docs/rules.md): ports and their zones, local days, the
// announced scope, document numbers as printed, categories and admission from the document and the
// law, country codes, retention. Pure: no server. Each test names the source it is built from.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { admissionFor, inferCategory } from '../../src/admission/rules';
import { ALPHA2_TO_3, ICAO_ONLY, isKnownCountryCode, normaliseCountryCode } from '../../src/record/countries';
import { documentNumberProblem, mrzDocumentNumber } from '../../src/record/documents';
import { endOfLocalDayAtPort, isKnownTimeZone, localDateAtPort } from '../../src/record/local-day';
import { PHASE_I_PILOT_PORTS, PORTS, portsOf } from '../../src/record/ports';
import { parseCapturedEntry } from '../../src/record/schema';
import { DEFAULT_RETENTION_RULES, retentionUntilLocal } from '../../src/retention/rules';
import { evaluateEntry } from '../../src/rules/evaluate';
import { scopeDecision } from '../../src/scope/rules';
import { daysOverAtExit } from '../../src/stays/rules';

const ROOT = path.join(__dirname, '..', '..');
const entry = (over: Record<string, unknown> = {}) => ({
  id: 'rule-case-1',
  surname: 'Tester',
  first_name: 'Pat',
  date_of_birth: '1980-05-17',
  citizenship: 'DEU',
  sex: 'F',
  document_type: 'P',
  document_number: 'C01X00T47',
  document_issuer: 'DEU',
  port_of_entry: 'US-BUFFALO-PEACE',
  entered_at: '2026-11-27T20:30:00-05:00',
  ...over,
});

describe('ports (BTS Border Crossing Entry Data; CBP port list; CBSA Directory of Offices and Services)', () => {
  it('holds well over 100 land ports on each side, Alaska and Yukon included, each facing its partner', () => {
    expect(portsOf('US').length).toBeGreaterThan(100);
    expect(portsOf('CA').length).toBeGreaterThan(100);
    expect(portsOf('US').some((p) => p.region === 'AK')).toBe(true);
    expect(portsOf('CA').some((p) => p.region === 'YT')).toBe(true);
    for (const port of PORTS.values()) {
      expect(isKnownTimeZone(port.time_zone)).toBe(true);
      expect(PORTS.get(port.facing)?.facing).toBe(port.code);
      expect(PORTS.get(port.facing)?.country).not.toBe(port.country);
    }
  });

  it('keeps every code used before the table grew', () => {
    const before =
      `CA-ALDERGROVE CA-ARMSTRONG CA-BEAVER-CREEK CA-BOISSEVAIN CA-BOUNDARY-BAY CA-CARWAY CA-CASCADE CA-CORNWALL
      CA-COUTTS CA-DOUGLAS CA-EDMUNDSTON CA-EMERSON CA-FORT-ERIE CA-FORT-FRANCES CA-HUNTINGDON CA-KINGSGATE CA-LACOLLE
      CA-LANSDOWNE CA-NIAGARA-RAINBOW CA-NORTH-PORTAL CA-OSOYOOS CA-PACIFIC-HWY CA-PIGEON-RIVER CA-PRESCOTT CA-QUEENSTON
      CA-ROOSVILLE CA-SARNIA CA-SAULT-STE-MARIE CA-ST-ARMAND CA-ST-STEPHEN CA-STANSTEAD CA-WINDSOR-AMB CA-WINDSOR-TUN
      CA-WOODSTOCK US-ALCAN US-ALEXANDRIA-BAY US-BLAINE-PA US-BLAINE-PH US-BUFFALO-PEACE US-CALAIS US-CHAMPLAIN
      US-DERBY-LINE US-DETROIT-AMB US-DETROIT-TUN US-DUNSEITH US-EASTPORT US-GRAND-PORTAGE US-HIGHGATE-SPRINGS US-HOULTON
      US-INTL-FALLS US-JACKMAN US-LAURIER US-LEWISTON US-LYNDEN US-MADAWASKA US-MASSENA US-NIAGARA-RAINBOW US-OGDENSBURG
      US-OROVILLE US-PEMBINA US-PIEGAN US-POINT-ROBERTS US-PORT-HURON US-PORTAL US-ROOSVILLE US-SAULT-STE-MARIE US-SUMAS
      US-SWEETGRASS`.split(/\s+/);
    for (const code of before) expect(PORTS.has(code)).toBe(true);
  });

  it('gives facing ports their own zones where the line crosses one (tz database)', () => {
    expect(PORTS.get('US-GRAND-PORTAGE')!.time_zone).toBe('America/Chicago');
    expect(PORTS.get('CA-PIGEON-RIVER')!.time_zone).toBe('America/Toronto');
    expect(PORTS.get('US-LUBEC')!.time_zone).toBe('America/New_York');
    expect(PORTS.get('CA-CAMPOBELLO')!.time_zone).toBe('America/Moncton');
    expect(PORTS.get('CA-NORTH-PORTAL')!.time_zone).toBe('America/Regina');
  });

  it('the database migration holds the same ports and zones (src/db/migrations/060)', () => {
    const sql = fs.readFileSync(path.join(ROOT, 'src/db/migrations/060_local_days_and_categories.sql'), 'utf8');
    const rows = [...sql.matchAll(/\('([A-Z0-9-]+)', '(US|CA)', '([A-Za-z_/]+)'\)/g)].map(
      (m) => `${m[1]} ${m[2]} ${m[3]}`,
    );
    const table = [...PORTS.values()].map((p) => `${p.code} ${p.country} ${p.time_zone}`);
    expect(rows.sort()).toEqual(table.sort());
  });
});

describe('local days (DOMAIN.md "Dates are local"; issue 14: an entry at 20:30 in Ontario)', () => {
  it('an entry at 20:30 Eastern is on that day at the port, whatever offset the clock wrote', () => {
    expect(localDateAtPort('2026-11-27T20:30:00-05:00', 'CA-FORT-ERIE')).toBe('2026-11-27');
    expect(localDateAtPort('2026-11-28T01:30:00Z', 'CA-FORT-ERIE')).toBe('2026-11-27');
    expect(localDateAtPort('2026-11-27T18:30:00-08:00', 'CA-FORT-ERIE')).toBe('2026-11-27');
  });

  it('a day ends at local midnight at the port, daylight saving included (tz database)', () => {
    expect(endOfLocalDayAtPort('2026-11-27', 'US-BUFFALO-PEACE')).toBe('2026-11-28T05:00:00.000Z');
    expect(endOfLocalDayAtPort('2026-07-01', 'US-BUFFALO-PEACE')).toBe('2026-07-02T04:00:00.000Z');
    expect(endOfLocalDayAtPort('2026-07-01', 'CA-NORTH-PORTAL')).toBe('2026-07-02T06:00:00.000Z'); // no DST in SK
    expect(endOfLocalDayAtPort('2026-03-07', 'US-BLAINE-PH')).toBe('2026-03-08T08:00:00.000Z');
    expect(endOfLocalDayAtPort('2026-03-08', 'US-BLAINE-PH')).toBe('2026-03-09T07:00:00.000Z');
  });

  it('British Columbia keeps UTC-7 after March 2026 (tz database shipped with PostgreSQL 18: America/Vancouver MST7)', () => {
    expect(localDateAtPort('2026-11-16T07:30:00Z', 'CA-PACIFIC-HWY')).toBe('2026-11-16');
    expect(endOfLocalDayAtPort('2026-11-15', 'CA-PACIFIC-HWY')).toBe('2026-11-16T07:00:00.000Z');
    expect(endOfLocalDayAtPort('2026-01-15', 'CA-PACIFIC-HWY')).toBe('2026-01-16T08:00:00.000Z');
  });

  it('days over at exit count the local day at the exit port: a 21:00 Eastern departure on the last day is in time', () => {
    expect(daysOverAtExit('2026-06-30', '2026-06-30T21:00:00-04:00', 'CA-LACOLLE')).toBe(0);
    expect(daysOverAtExit('2026-06-30', '2026-07-01T00:30:00-04:00', 'CA-LACOLLE')).toBe(1);
  });
});

describe('scope as announced (DHS-CBSA joint notice, Sept 2012; SOR/2019-241)', () => {
  const tcn = (port: string) => ({ port_of_entry: port, citizenship: 'DEU' });
  it('Phase I: 30 Sep 2012 to 31 Jan 2013 at Pacific Highway, Peace Arch, Lewiston-Queenston and Rainbow Bridge', () => {
    expect(PHASE_I_PILOT_PORTS).toEqual(
      expect.arrayContaining(['US-BLAINE-PH', 'CA-DOUGLAS', 'US-LEWISTON', 'CA-NIAGARA-RAINBOW']),
    );
    expect(PHASE_I_PILOT_PORTS).not.toContain('CA-LANSDOWNE');
    expect(scopeDecision(tcn('CA-NIAGARA-RAINBOW'), '2012-09-30').inScope).toBe(true);
    expect(scopeDecision(tcn('US-BLAINE-PA'), '2013-01-31').inScope).toBe(true);
    expect(scopeDecision(tcn('CA-LANSDOWNE'), '2012-10-15').inScope).toBe(false);
    expect(scopeDecision(tcn('US-BLAINE-PH'), '2012-09-29').inScope).toBe(false);
  });

  it('nothing between the pilot and Phase II (30 June 2013), then all common land ports', () => {
    const gap = scopeDecision(tcn('US-BLAINE-PH'), '2013-02-01');
    expect(gap.inScope).toBe(false);
    expect(gap.reason).toMatch(/between/);
    expect(scopeDecision(tcn('US-ALCAN'), '2013-06-29').inScope).toBe(false);
    expect(scopeDecision(tcn('US-ALCAN'), '2013-06-30').inScope).toBe(true);
  });

  it('Phase III (11 July 2019) adds citizens, judged on the local day at the port', () => {
    const citizen = { port_of_entry: 'US-CHAMPLAIN', citizenship: 'CAN' };
    expect(scopeDecision(citizen, '2019-07-10').inScope).toBe(false);
    expect(scopeDecision(citizen, '2019-07-11').inScope).toBe(true);
    // 23:30 on 10 July at Champlain is already 11 July in UTC: still Phase II there.
    const late = evaluateEntry(
      'US',
      entry({
        citizenship: 'CAN',
        document_issuer: 'CAN',
        document_number: 'AB123456',
        port_of_entry: 'US-CHAMPLAIN',
        entered_at: '2019-07-11T03:30:00Z',
      }),
      { asOf: new Date('2026-12-01') },
    );
    expect(late.local_date).toBe('2019-07-10');
    expect(late.in_scope_to_partner).toBe(false);
  });
});

describe('document numbers as printed (ICAO 9303 Parts 3-5; US State Dept; IRCC; USCIS I-551)', () => {
  it('accepts a US passport number as printed, with no check digit (C03005988)', () => {
    expect(documentNumberProblem('C03005988', 'P', 'USA')).toBeNull();
    expect(
      parseCapturedEntry(entry({ citizenship: 'USA', document_issuer: 'USA', document_number: 'C03005988' })).ok,
    ).toBe(true);
    expect(documentNumberProblem('AB123456', 'P', 'CAN')).toBeNull();
    expect(documentNumberProblem('SRC1234567890', 'PR', 'USA')).toBeNull();
  });

  it('refuses only what no real document could print', () => {
    expect(documentNumberProblem('C0300598', 'P', 'USA')).toMatch(/not a USA P number/);
    expect(documentNumberProblem('AB1234567', 'P', 'CAN')).toMatch(/not a CAN P number/);
    expect(documentNumberProblem('AB12$', 'P', 'DEU')).toMatch(/letters A-Z and digits/);
    expect(documentNumberProblem('C01X00T47', 'P', 'DEU')).toBeNull();
  });

  it('checks the check digit only where an MRZ line is given (ICAO 9303 specimens)', () => {
    // ICAO 9303 Part 4, TD3 specimen: document number L898902C3, check digit 6.
    expect(mrzDocumentNumber('L898902C36UTO7408122F1204159ZE184226B<<<<<10')).toEqual({ number: 'L898902C3' });
    expect(mrzDocumentNumber('L898902C35UTO7408122F1204159ZE184226B<<<<<10')).toHaveProperty('problem');
    // ICAO 9303 Part 5, TD1 specimen: document number D23145890, check digit 7.
    expect(mrzDocumentNumber('I<UTOD231458907<<<<<<<<<<<<<<<')).toEqual({ number: 'D23145890' });
    const withMrz = entry({ document_number: 'L898902C3', citizenship: 'DEU', document_issuer: 'DEU' });
    expect(parseCapturedEntry({ ...withMrz, mrz: 'L898902C36UTO7408122F1204159ZE184226B<<<<<10' }).ok).toBe(true);
    const wrong = parseCapturedEntry({ ...withMrz, mrz: 'L898902C35UTO7408122F1204159ZE184226B<<<<<10' });
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.problems.join()).toMatch(/mrz has a wrong document number check digit/);
  });
});

describe('country codes (ISO 3166-1; ICAO 9303 Part 3)', () => {
  it('normalises every alpha-2 code to alpha-3 and knows the ICAO organisation codes', () => {
    expect(Object.keys(ALPHA2_TO_3)).toHaveLength(249);
    for (const code of Object.values(ALPHA2_TO_3)) expect(isKnownCountryCode(code)).toBe(true);
    expect(normaliseCountryCode('de')).toBe('DEU');
    expect(normaliseCountryCode('D<<')).toBe('DEU');
    for (const org of [
      'UNO',
      'UNA',
      'UNK',
      'XBA',
      'XIM',
      'XCC',
      'XCE',
      'XCO',
      'XEC',
      'XES',
      'XMP',
      'XOM',
      'XDC',
      'XPO',
      'EUE',
    ])
      expect(ICAO_ONLY[org] && isKnownCountryCode(org)).toBe(true);
  });
});

describe('category and admission from the document and the law', () => {
  const at = (node: 'US' | 'CA', over: Record<string, unknown>) =>
    evaluateEntry(node, entry(over), { asOf: new Date('2026-12-01') });

  it('a green card entering the US and a PR card entering Canada mean a permanent resident (INA 101(a)(20); IRPA 31(1))', () => {
    const green = at('US', {
      citizenship: 'IND',
      document_type: 'PR',
      document_issuer: 'USA',
      document_number: 'SRC1234567890',
    });
    expect([green.category, green.admit_until]).toEqual(['permanent_resident', null]);
    const prCard = at('CA', {
      citizenship: 'IND',
      document_type: 'PR',
      document_issuer: 'CAN',
      document_number: 'RA1234567',
      port_of_entry: 'CA-FORT-ERIE',
    });
    expect([prCard.category, prCard.admit_until]).toEqual(['permanent_resident', null]);
    // A Canadian PR card shown entering the US does not make a US permanent resident.
    expect(
      inferCategory('US', { category: null, citizenship: 'IND', documentType: 'PR', documentIssuer: 'CAN' }).category,
    ).toBe('visitor');
  });

  it("the node's own citizenship means a citizen", () => {
    expect(
      at('CA', { citizenship: 'CAN', document_issuer: 'CAN', document_number: 'AB123456', port_of_entry: 'CA-LACOLLE' })
        .category,
    ).toBe('citizen');
  });

  it('a VWP national entering the US by land gets 90 days; a return from Canada keeps the original date (8 CFR 217.2, 217.3(b))', () => {
    const first = at('US', { citizenship: 'GBR', document_issuer: 'GBR', document_number: '123456789' });
    expect([first.local_date, first.category, first.admit_until]).toEqual(['2026-11-27', 'visitor', '2027-02-24']);
    // The State Department's own example (US Embassy Tokyo, VWP page): the day of arrival is day 1 of
    // the 90, so an arrival on 1 July 2005 must leave on or before 28 September 2005.
    expect(
      at('US', {
        citizenship: 'JPN',
        document_issuer: 'JPN',
        document_number: 'TK1234567',
        entered_at: '2005-07-01T10:00:00-04:00',
      }).admit_until,
    ).toBe('2005-09-28');
    const back = at('US', {
      citizenship: 'GBR',
      document_issuer: 'GBR',
      document_number: '123456789',
      original_admit_until: '2027-01-15',
    });
    expect(back.admit_until).toBe('2027-01-15');
    // A Canadian visitor is no VWP national: six months (8 CFR 214.2(b)).
    expect(at('US', { citizenship: 'CAN', document_issuer: 'CAN', document_number: 'AB123456' }).admit_until).toBe(
      '2027-05-27',
    );
  });

  it('a temporary resident with no officer-fixed date gets no invented date (IRPR 183(2); 8 CFR 214.1(a)(3))', () => {
    const decision = admissionFor('CA', {
      category: 'temporary_resident',
      citizenship: 'IND',
      enteredAt: '2026-11-27T12:00:00-05:00',
      portOfEntry: 'CA-LACOLLE',
      admitUntil: null,
    });
    expect(decision.admitUntil).toBeNull();
    expect(decision.admitUntilUnknown).toBe(true);
  });
});

describe('retention from the same inference (DHS/CBP-007 BCI SORN; Customs Act s.93.1)', () => {
  const us = DEFAULT_RETENTION_RULES.filter((r) => r.node === 'US');
  it('keeps a US citizen or permanent resident 15 years at the US node with no category sent, others 75', () => {
    const citizen = evaluateEntry(
      'US',
      entry({ citizenship: 'USA', document_issuer: 'USA', document_number: 'C03005988' }),
      { asOf: new Date('2026-12-01') },
    );
    expect([citizen.category, citizen.retention_until]).toEqual(['citizen', '2041-11-27']);
    const green = evaluateEntry(
      'US',
      entry({ citizenship: 'MEX', document_type: 'PR', document_issuer: 'USA', document_number: 'EAC1234567890' }),
      { asOf: new Date('2026-12-01') },
    );
    expect(green.retention_until).toBe('2041-11-27');
    expect(retentionUntilLocal(us, 'US', 'entry', 'visitor', '2026-11-27', new Date('2026-12-01')).until).toBe(
      '2101-11-27',
    );
    const ca = evaluateEntry('CA', entry({ port_of_entry: 'CA-FORT-ERIE' }), { asOf: new Date('2026-12-01') });
    expect(ca.retention_until).toBe('2041-11-27');
  });
});

describe('the offline rules command (fixed contract)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rules-'));
  const cli = (args: string[]) =>
    spawnSync(process.execPath, [path.join(ROOT, 'bin/entry-exit.js'), ...args], {
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: '', TEMPORAL_ADDRESS: '' },
    });

  it('prints one JSON line with exactly the contract keys, and a clear error line for a bad file', () => {
    const file = path.join(dir, 'entry.json');
    fs.writeFileSync(file, JSON.stringify(entry()));
    const ok = cli(['rules', '--node', 'us', file]);
    const lines = ok.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const verdict = JSON.parse(lines[0]);
    expect(Object.keys(verdict)).toEqual([
      'valid',
      'problems',
      'local_date',
      'category',
      'admit_until',
      'in_scope_to_partner',
      'scope_reason',
      'retention_until',
      // Added by issue 27, after the original keys, which keep their order.
      'admission_rule',
      'admission_source',
      'visa_waiver',
      'visa_waiver_reason',
      'scope_phase',
      'as_of',
    ]);
    expect(verdict).toMatchObject({
      valid: true,
      local_date: '2026-11-27',
      category: 'visitor',
      admit_until: '2027-02-24',
      in_scope_to_partner: true,
    });
    expect(ok.status).toBe(0);
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, '{"id": ');
    const refused = cli(['rules', '--node', 'ca', bad]);
    expect(refused.status).toBe(2);
    expect(JSON.parse(refused.stdout).problems[0]).toMatch(/is not JSON/);
    const wrongNode = cli(['rules', '--node', 'ca', file]);
    expect(JSON.parse(wrongNode.stdout)).toMatchObject({ valid: false, problems: [expect.stringMatching(/US port/)] });
  }, 60_000);

  it('ports --json prints one object per line with code, name, country, region, time_zone, facing', () => {
    const out = execFileSync(process.execPath, [path.join(ROOT, 'bin/entry-exit.js'), 'ports', '--json'], {
      encoding: 'utf8',
    });
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(PORTS.size);
    for (const line of lines)
      expect(Object.keys(line)).toEqual(['code', 'name', 'country', 'region', 'time_zone', 'facing']);
  }, 60_000);
});

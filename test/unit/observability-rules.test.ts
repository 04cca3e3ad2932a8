// The reports' arithmetic and the metrics' label classes, without any server: fiscal years (31 U.S.C.
// 1102 for the US; Financial Administration Act s.2 for Canada), DHS's overstay rates (Entry/Exit
// Overstay Report: total overstays and suspected in-country overstays over expected departures),
// the small-cell rule of docs/observability.md, and reason classes that never carry a record's value.
import {
  fiscalYearPeriod,
  tabulateOverstays,
  totalRow,
  type OverstayCounts,
} from '../../src/observability/overstay-table';
import { intakeRefusalClass, rejectionReasonClass } from '../../src/observability/reasons';
import { overstayReportCsv } from '../../src/observability/report-format';

const group = (
  citizenship: string,
  expected: number,
  inTime: number,
  outOfCountry: number,
  inCountry: number,
): OverstayCounts => ({
  citizenship,
  category: 'visitor',
  expected,
  inTime,
  outOfCountry,
  inCountry,
});

describe('fiscal years', () => {
  test('the US federal fiscal year 2027 runs 1 October 2026 to 30 September 2027', () => {
    expect(fiscalYearPeriod('US', 2027)).toEqual({ from: '2026-10-01', to: '2027-09-30' });
  });
  test("Canada's fiscal year 2026-27 (named 2027) runs 1 April 2026 to 31 March 2027", () => {
    expect(fiscalYearPeriod('CA', 2027)).toEqual({ from: '2026-04-01', to: '2027-03-31' });
  });
});

describe('the overstay table', () => {
  test('rates are overstays over expected departures, in percent with two decimals (DHS FY2015: 527,127 of ~45 million is 1.17%)', () => {
    const [row] = tabulateOverstays([group('XXX', 45_000_000, 45_000_000 - 527_127, 44_346, 482_781)], 5);
    expect(row.total_overstays).toBe(527_127);
    expect(row.total_overstay_rate).toBe(1.17);
    expect(row.suspected_in_country_overstay_rate).toBe(1.07);
  });

  test('a country under the minimum is folded into OTHER; the OTHER row keeps the sums', () => {
    const rows = tabulateOverstays([group('DEU', 40, 30, 5, 5), group('JPN', 3, 3, 0, 0), group('MEX', 4, 4, 0, 0)], 5);
    expect(rows.map((r) => r.citizenship)).toEqual(['DEU', 'OTHER']);
    expect(rows[1]).toMatchObject({
      countries: 2,
      expected_departures: 7,
      in_time_departures: 7,
      total_overstays: 0,
      suppressed: false,
    });
  });

  test('an overstay count from 1 to min-1 withholds every count that would reveal it, and the rates', () => {
    const [row] = tabulateOverstays([group('FRA', 20, 17, 2, 1)], 5);
    expect(row).toEqual({
      citizenship: 'FRA',
      category: 'visitor',
      countries: 1,
      expected_departures: 20,
      in_time_departures: null,
      out_of_country_overstays: null,
      suspected_in_country_overstays: null,
      total_overstays: null,
      total_overstay_rate: null,
      suspected_in_country_overstay_rate: null,
      suppressed: true,
    });
  });

  test('an OTHER row under the minimum withholds its expected departures as well', () => {
    const rows = tabulateOverstays([group('DEU', 10, 10, 0, 0), group('IND', 1, 0, 0, 1)], 5);
    expect(rows[1]).toMatchObject({ citizenship: 'OTHER', expected_departures: null, suppressed: true });
  });

  test('zeros are not small cells; --min-cell 1 shows everything', () => {
    expect(tabulateOverstays([group('DEU', 10, 10, 0, 0)], 5)[0].suppressed).toBe(false);
    const rows = tabulateOverstays([group('FRA', 2, 0, 1, 1)], 1);
    expect(rows[0]).toMatchObject({
      citizenship: 'FRA',
      total_overstays: 2,
      total_overstay_rate: 100,
      suppressed: false,
    });
  });

  test('the total row adds every group, shown or not', () => {
    const total = totalRow([group('DEU', 40, 30, 5, 5), group('JPN', 3, 2, 1, 0)]);
    expect(total).toMatchObject({
      citizenship: 'ALL',
      countries: 2,
      expected_departures: 43,
      total_overstays: 11,
      total_overstay_rate: 25.58,
    });
  });
});

describe('reason classes (metric labels and report rows)', () => {
  test.each([
    ['document_number must be 5-20 letters or digits', 'invalid-document_number'],
    ['has field(s) outside the agreed data elements: "licence_plate"', 'extra-field'],
    ['port_of_entry is a US port; records from CA must be entries at CA ports', 'wrong-country-port'],
    ['id appears twice in this batch; send each record once', 'duplicate-in-batch'],
    [
      'version 2 of this id was already received with other content; send the change as a correction',
      'version-conflict',
    ],
    [null, 'unspecified'],
    ['Smith is not a valid whatever', 'other'],
  ])('%s -> %s', (reason, expected) => {
    expect(rejectionReasonClass(reason)).toBe(expected);
  });

  test('intake refusals fold into fixed classes whatever the free text holds', () => {
    expect(intakeRefusalClass(401, 'unsigned batch: send the headers')).toBe('unsigned');
    expect(intakeRefusalClass(401, 'bad signature: the batch was not signed by key ca-1')).toBe('bad-signature');
    expect(intakeRefusalClass(409, 'replayed batch id US-CA-2026-11-27-0001 with other content')).toBe(
      'replayed-batch-id',
    );
    expect(intakeRefusalClass(418, 'something new with DOE JOHN 1980-01-01')).toBe('http-418');
  });
});

describe('report cells as printed', () => {
  const report = (rows: ReturnType<typeof tabulateOverstays>, total: ReturnType<typeof totalRow>) => ({
    report: 'overstays' as const,
    node: 'US' as const,
    fiscal_year: 2026,
    period: fiscalYearPeriod('US', 2026),
    as_of: '2026-11-01',
    min_cell: 5,
    definitions: { expected_departures: 'stays whose admission period ended in the year' },
    rows,
    total,
  });

  test('a withheld cell prints "<5"; a rate of no expected departures prints "-"', () => {
    const groups = [group('FRA', 20, 17, 2, 1)];
    const csv = overstayReportCsv(report(tabulateOverstays(groups, 5), totalRow([])));
    expect(csv).toContain('FRA,visitor,1,20,<5,<5,<5,<5,<5,<5');
    expect(csv).toContain('ALL,all,0,0,0,0,0,0,-,-');
    expect(csv).toContain('# expected_departures: stays whose admission period ended in the year');
  });
});

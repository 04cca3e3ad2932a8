// `residency calc`: the three rules, each on its source's own example and at every edge (window
// ends, leap days, evening crossings, half-day credit, the first five years, continuity). Each
// expected figure is counted by hand in the comment next to it. Pure: no server.
//
// Sources (docs/residency.md states each rule):
// - Citizenship Act s.5(1)(c), 5(1.001), s.21; IRCC Physical Presence Calculator FAQ and form CIT 0407
//   (applying on 2018-04-01 gives the period 2013-04-01 to 2018-03-31).
// - IRPA s.28(2)(a), (b)(i), (b)(ii).
// - INA s.316(a), s.319(a); 8 CFR 316.5(c)(1)(i)-(ii); USCIS Policy Manual Vol. 12 Part D Ch. 3-4
//   (30 months = 913 days), Part G Ch. 3 (18 months = 548 days).
import { calcFromFiles } from '../../src/residency/applicant';
import { calculateResidency } from '../../src/residency/calc';
import { EMPTY_DECLARED, type DatedCrossing } from '../../src/residency/inputs';
import { timelineFromCrossings } from '../../src/residency/timeline';
import { ResidencyError } from '../../src/residency/errors';

type Kind = 'entry' | 'exit';
const line = (kind: Kind, at: string) => JSON.stringify({ kind, at: at.includes('T') ? at : `${at}T12:00:00-05:00` });
const file = (...crossings: Array<[Kind, string]>) => ({
  name: 'c.jsonl',
  text: crossings.map(([k, at]) => line(k, at)).join('\n'),
});
const declared = (doc: unknown) => ({ name: 'd.json', text: JSON.stringify(doc) });

function calc(
  rule: string,
  asOf: string,
  crossings: Array<[Kind, string]>,
  extra: { prSince?: string; declared?: unknown } = {},
) {
  return calcFromFiles(
    { rule, asOf, prSince: extra.prSince },
    { crossings: file(...crossings), declared: extra.declared === undefined ? undefined : declared(extra.declared) },
  );
}

describe('ca-citizenship (Citizenship Act s.5(1)(c); IRCC calculator)', () => {
  it("IRCC's worked example: applying on 2018-04-01 gives 2013-04-01 to 2018-03-31", () => {
    const r = calc('ca-citizenship', '2018-04-01', [], { prSince: '2010-01-01' });
    expect([r.window_start, r.window_end]).toEqual(['2013-04-01', '2018-03-31']);
    // 2013-04-01..2018-03-31 holds 1,826 days (29 February 2016 in it); never away.
    expect(r.days_present).toBe(1826);
    expect(r.meets).toBe(true);
    expect(r.earliest_date_met).toBe('2018-04-01');
  });

  it('the application day is not counted: an entry on it adds nothing', () => {
    // PR on 2015-04-01, first entry 2015-04-01; applying 2018-04-01: 2015-04-01..2018-03-31 = 1,096 days.
    const r = calc('ca-citizenship', '2018-04-01', [['entry', '2015-04-01']], { prSince: '2015-04-01' });
    expect(r.days_present).toBe(1096);
    expect(r.meets).toBe(true);
    // Entering on the application day itself counts nothing toward it.
    const late = calc('ca-citizenship', '2018-04-01', [['entry', '2018-04-01']], { prSince: '2015-04-01' });
    expect(late.days_present).toBe(0);
  });

  it('exactly 1,095 days meets, 1,094 does not; the earliest date is the day 1,095 is reached', () => {
    // PR and entry 2015-04-02: 2015-04-02..2018-03-31 = 1,095 days.
    const ok = calc('ca-citizenship', '2018-04-01', [['entry', '2015-04-02']], { prSince: '2015-04-02' });
    expect(ok.days_present).toBe(1095);
    expect(ok.meets).toBe(true);
    const short = calc('ca-citizenship', '2018-04-01', [['entry', '2015-04-03']], { prSince: '2015-04-03' });
    expect(short.days_present).toBe(1094);
    expect(short.meets).toBe(false);
    expect(short.reasons.join(' ')).toMatch(/physical_presence: 1094/);
    expect(short.earliest_date_met).toBe('2018-04-02');
  });

  it('an evening crossing counts on its local day, not the UTC day', () => {
    // Exit 2017-06-10 at 23:30 Pacific (06:30 UTC on the 11th), back 2017-06-20 at 00:15 Eastern
    // (04:15 UTC): days outside are 11..19 June = 9.
    const r = calc(
      'ca-citizenship',
      '2018-04-01',
      [
        ['exit', '2017-06-10T23:30:00-07:00'],
        ['entry', '2017-06-20T00:15:00-04:00'],
      ],
      { prSince: '2010-01-01' },
    );
    expect(r.days_in_country).toBe(1826 - 9);
    expect(r.absences).toEqual([{ exit_day: '2017-06-10', return_day: '2017-06-20', days_outside: 9 }]);
  });

  it('a day trip abroad costs no day (any part of a day in Canada counts)', () => {
    const r = calc(
      'ca-citizenship',
      '2018-04-01',
      [
        ['exit', '2017-06-10T08:00:00-04:00'],
        ['entry', '2017-06-10T21:00:00-04:00'],
      ],
      { prSince: '2010-01-01' },
    );
    expect(r.days_present).toBe(1826);
  });

  it('half-day credit: declared temporary-resident days before PR count half, capped at 365', () => {
    // Entered 2014-04-01 as a student (declared), PR on 2016-04-01. Window 2013-04-01..2018-03-31.
    // Before PR: 2014-04-01..2016-03-31 = 731 days -> 365.5, capped at 365.
    // As PR: 2016-04-01..2018-03-31 = 730 days. Total 1,095: meets.
    const tr = { temporary_resident_periods: [{ from: '2014-04-01', to: '2016-03-31', status: 'temporary_resident' }] };
    const r = calc('ca-citizenship', '2018-04-01', [['entry', '2014-04-01']], { prSince: '2016-04-01', declared: tr });
    expect(r.days_before_permanent_resident_declared).toBe(731);
    expect(r.pre_permanent_resident_credit).toBe(365);
    expect(r.days_as_permanent_resident).toBe(730);
    expect(r.days_present).toBe(1095);
    expect(r.meets).toBe(true);
  });

  it('half-day credit keeps its half: 729 declared days give 364.5', () => {
    // Entered 2014-04-03: 2014-04-03..2016-03-31 = 729 days before PR -> 364.5; 730 as PR -> 1,094.5.
    const tr = { temporary_resident_periods: [{ from: '2014-01-01', to: '2016-12-31', status: 'protected_person' }] };
    const r = calc('ca-citizenship', '2018-04-01', [['entry', '2014-04-03']], { prSince: '2016-04-01', declared: tr });
    expect(r.pre_permanent_resident_credit).toBe(364.5);
    expect(r.days_present).toBe(1094.5);
    expect(r.meets).toBe(false);
  });

  it('days before PR count only within declared periods', () => {
    const r = calc('ca-citizenship', '2018-04-01', [['entry', '2014-04-01']], { prSince: '2016-04-01' });
    expect(r.pre_permanent_resident_credit).toBe(0);
    expect(r.days_present).toBe(730);
    expect(r.meets).toBe(false);
  });

  it('at least two years (730 days) as a permanent resident, with every failing reason listed', () => {
    // PR 2016-04-02: 729 PR days; credit 365 -> 1,094: both the total and the PR days fail.
    const tr = { temporary_resident_periods: [{ from: '2013-04-01', to: '2016-04-01' }] };
    const r = calc('ca-citizenship', '2018-04-01', [['entry', '2013-04-01']], { prSince: '2016-04-02', declared: tr });
    expect(r.days_as_permanent_resident).toBe(729);
    expect(r.meets).toBe(false);
    expect(r.reasons).toHaveLength(2);
    expect(r.reasons.map((x) => x.split(':')[0])).toEqual(['physical_presence', 'permanent_resident_days']);
  });

  it('declared sentence days are excluded (s.21)', () => {
    // Never away; 10 days under a sentence: 1,826 - 10.
    const r = calc('ca-citizenship', '2018-04-01', [], {
      prSince: '2010-01-01',
      declared: { sentence_periods: [{ from: '2017-01-01', to: '2017-01-10' }] },
    });
    expect(r.sentence_days_excluded).toBe(10);
    expect(r.days_present).toBe(1816);
  });

  it('application on 29 February: the period starts on the last day of February five years before', () => {
    // Interpretation Act s.28: no 29th in February 2019, so the month's last day, 2019-02-28.
    const r = calc('ca-citizenship', '2024-02-29', [], { prSince: '2010-01-01' });
    expect([r.window_start, r.window_end]).toEqual(['2019-02-28', '2024-02-28']);
    expect(r.days_present).toBe(1827); // 2019-02-28..2024-02-28 holds 29 February 2020
  });

  it('needs --pr-since', () => {
    expect(() => calc('ca-citizenship', '2018-04-01', [])).toThrow(/--pr-since/);
  });
});

describe('ca-pr (IRPA s.28)', () => {
  it('730 days in the five years immediately before the examination: 730 meets, 729 does not', () => {
    // Examination 2026-11-27: window 2021-11-27..2026-11-26. Entry 2024-11-27: 2024-11-27..2026-11-26 = 730.
    const ok = calc('ca-pr', '2026-11-27', [['entry', '2024-11-27']]);
    expect([ok.window_start, ok.window_end]).toEqual(['2021-11-27', '2026-11-26']);
    expect(ok.days_present).toBe(730);
    expect(ok.meets).toBe(true);
    const short = calc('ca-pr', '2026-11-27', [['entry', '2024-11-28']]);
    expect(short.days_present).toBe(729);
    expect(short.meets).toBe(false);
    expect(short.earliest_date_met).toBe('2026-11-28');
    expect(short.must_return_by).toBeNull();
  });

  it('the last day a compliant PR can stay away', () => {
    // In Canada until an exit on 2024-06-30, examined 2024-07-01, PR for years. Staying away after
    // that, an examination on E counts the present days E-5y..2024-06-30. 2022-07-01..2024-06-30 is
    // 731 days (29 February 2024), so 730 when E-5y = 2022-07-02: E = 2027-07-02 is the last day to
    // come back, and 2027-07-01 the last day that can be spent away.
    const r = calc('ca-pr', '2024-07-01', [['exit', '2024-06-30']]);
    expect(r.meets).toBe(true);
    expect(r.must_return_by).toBe('2027-07-02');
    expect(r.last_day_away).toBe('2027-07-01');
    // The same answer from the rule itself: examined that day after staying away, 730; a day later, 729.
    expect(calc('ca-pr', '2027-07-02', [['exit', '2024-06-30']]).days_present).toBe(730);
    const late = calc('ca-pr', '2027-07-03', [['exit', '2024-06-30']]);
    expect(late.days_present).toBe(729);
    expect(late.meets).toBe(false);
  });

  it('first five years: compliant while 730 days can still be reached', () => {
    // PR and entry 2022-01-01; away from 2022-02-01. First five years end 2026-12-31.
    // Examined 2025-01-01: present 2022-01-01..2022-02-01 = 32; days left 2025-01-01..2026-12-31 = 730: 762 >= 730.
    const r = calc(
      'ca-pr',
      '2025-01-01',
      [
        ['entry', '2022-01-01'],
        ['exit', '2022-02-01'],
      ],
      { prSince: '2022-01-01' },
    );
    expect(r.first_five_years).toBe(true);
    expect(r.first_five_years_end).toBe('2026-12-31');
    expect([r.window_start, r.window_end]).toEqual(['2022-01-01', '2024-12-31']);
    expect(r.days_present).toBe(32);
    expect(r.days_remaining_in_first_five_years).toBe(730);
    expect(r.meets).toBe(true);
    // 32 + days left must reach 730: left >= 698, i.e. E <= 2026-12-31 - 697 = 2025-02-02.
    expect(r.must_return_by).toBe('2025-02-02');
    const late = calc(
      'ca-pr',
      '2025-02-03',
      [
        ['entry', '2022-01-01'],
        ['exit', '2022-02-01'],
      ],
      { prSince: '2022-01-01' },
    );
    expect(late.days_present + (late.days_remaining_in_first_five_years as number)).toBe(729);
    expect(late.meets).toBe(false);
  });

  it('declared days abroad accompanying a Canadian-citizen spouse count as present', () => {
    // Away 2023-01-01..2025-12-31 (exit 2022-12-31, back 2026-01-01); examined 2026-11-27.
    // Window 2021-11-27..2026-11-26: present 2021-11-27..2022-12-31 (400) + 2026-01-01..2026-11-26 (330) = 730 - 1?
    const crossings: Array<[Kind, string]> = [
      ['exit', '2022-12-31'],
      ['entry', '2026-01-01'],
    ];
    const plain = calc('ca-pr', '2026-11-27', crossings);
    // 2021-11-27..2022-12-31 = 400 days; 2026-01-01..2026-11-26 = 330 days.
    expect(plain.days_present).toBe(730);
    const d = {
      abroad_counted_as_present: [
        { from: '2023-01-01', to: '2023-12-31', reason: 'accompanying_canadian_citizen_spouse' },
      ],
    };
    const r = calc('ca-pr', '2026-11-27', crossings, { declared: d });
    expect(r.days_abroad_counted_as_present).toBe(365);
    expect(r.days_present).toBe(1095);
  });

  it('refuses an examination before the person became a PR', () => {
    expect(() => calc('ca-pr', '2020-01-01', [], { prSince: '2021-01-01' })).toThrow(/before --pr-since/);
  });
});

describe('us-naturalisation (INA 316(a), 319(a); 8 CFR 316.5(c)(1))', () => {
  it.each([
    // Left 2023-11-27; 2023-11-27 + 6 months = 2024-05-27. Back the day after: more than six months,
    // a presumption the officer resolves (not a failure). Back on that day: not more than six months.
    ['2024-05-28', 1644, 'presumed_broken', 1],
    ['2024-05-27', 1645, 'unbroken', 0],
  ])(
    '913 days in the five years before filing (filing day not counted); back %s: %s days, %s',
    (back, days, continuity, flags) => {
      const r = calc(
        'us-naturalisation',
        '2026-11-27',
        [
          ['exit', '2023-11-27'],
          ['entry', back as string],
        ],
        { prSince: '2015-01-01' },
      );
      // Filing 2026-11-27: statutory period 2021-11-27..2026-11-26 (1,826 days); outside 2023-11-28..(back - 1): 182 or 181.
      expect([r.window_start, r.window_end]).toEqual(['2021-11-27', '2026-11-26']);
      expect(r.days_present).toBe(days);
      expect(r.days_required).toBe(913);
      expect(r.meets).toBe(true);
      expect(r.continuous_residence).toBe(continuity);
      expect(r.officer_flags).toHaveLength(flags as number);
    },
  );

  it('physical presence: 913 meets, 912 does not', () => {
    // LPR since 2015; away from the start of the period until a return that leaves 913 / 912 days,
    // with an absence under a year (exit 2023-06-01) so that only presence decides.
    // Statutory period 2021-11-27..2026-11-26. Present 2021-11-27..2022-05-30 = 185 days before leaving
    // on 2022-05-30; away until 2023-05-29 would be a year: use two absences under six months instead.
    const crossings: Array<[Kind, string]> = [
      ['exit', '2022-01-01'],
      ['entry', '2022-06-30'], // 2022-01-02..2022-06-29 outside: 179
      ['exit', '2022-07-01'],
      ['entry', '2022-12-30'], // 2022-07-02..2022-12-29: 181
      ['exit', '2023-01-01'],
      ['entry', '2023-06-30'], // 2023-01-02..2023-06-29: 179
      ['exit', '2023-07-01'],
      ['entry', '2023-12-30'], // 2023-07-02..2023-12-29: 181
      ['exit', '2024-01-01'],
      ['entry', '2024-06-30'], // 2024-01-02..2024-06-29: 180 (leap)
    ];
    // 1,826 days in the period minus 900 outside = 926; then a last trip of 13 / 14 days outside.
    const base = calc('us-naturalisation', '2026-11-27', crossings, { prSince: '2015-01-01' });
    expect(base.days_present).toBe(926);
    const ok = calc(
      'us-naturalisation',
      '2026-11-27',
      [...crossings, ['exit', '2025-01-01'], ['entry', '2025-01-15']],
      { prSince: '2015-01-01' },
    );
    expect(ok.days_present).toBe(913);
    expect(ok.meets).toBe(true);
    const short = calc(
      'us-naturalisation',
      '2026-11-27',
      [...crossings, ['exit', '2025-01-01'], ['entry', '2025-01-16']],
      { prSince: '2015-01-01' },
    );
    expect(short.days_present).toBe(912);
    expect(short.meets).toBe(false);
    expect(short.reasons).toEqual([expect.stringMatching(/^physical_presence: 912/)]);
    // Present from now on, each later filing date gains a day and drops one: the days dropped are
    // present until 2022-01-01 (2021-11-27..2022-01-01, 36 days), so 913 is first reached when the
    // period starts on 2022-01-03, the first day abroad then dropped being 2022-01-02: filing 2027-01-03.
    expect(short.earliest_date_met).toBe('2027-01-03');
  });

  it('the statutory period starts no earlier than the LPR date, and five years as an LPR are required', () => {
    const r = calc('us-naturalisation', '2026-11-27', [], { prSince: '2023-03-15' });
    expect(r.window_start).toBe('2023-03-15');
    expect(r.days_present).toBe(1353); // 2023-03-15..2026-11-26
    expect(r.meets).toBe(false);
    expect(r.reasons.map((x) => x.split(':')[0])).toEqual(['lawful_permanent_residence']);
    expect(r.earliest_date_met).toBe('2028-03-15');
  });

  it('an absence of one year or more breaks continuous residence; 4 years and 1 day after the return the applicant may file', () => {
    // Left 2021-03-01, back 2022-03-01 (exactly one year): broken. Filing 2026-02-01 period 2021-02-01..2026-01-31.
    const crossings: Array<[Kind, string]> = [
      ['exit', '2021-03-01'],
      ['entry', '2022-03-01'],
    ];
    const r = calc('us-naturalisation', '2026-02-01', crossings, { prSince: '2010-01-01' });
    expect(r.continuous_residence).toBe('broken');
    expect(r.meets).toBe(false);
    expect(r.reasons.map((x) => x.split(':')[0])).toEqual(['continuous_residence']);
    expect(r.earliest_date_met).toBe('2026-03-02'); // 2022-03-01 + 4 years + 1 day
    expect(calc('us-naturalisation', '2026-03-02', crossings, { prSince: '2010-01-01' }).meets).toBe(true);
    // A day short of a year is only a presumption.
    const under = calc(
      'us-naturalisation',
      '2026-02-01',
      [
        ['exit', '2021-03-01'],
        ['entry', '2022-02-28'],
      ],
      { prSince: '2010-01-01' },
    );
    expect(under.continuous_residence).toBe('presumed_broken');
    expect(under.meets).toBe(true);
  });

  it('the 3-year rule for the spouse of a US citizen (INA 319(a)): 548 days in 3 years', () => {
    const spouse = { us_citizen_spouse: { marital_union_since: '2020-06-01', spouse_citizen_since: '2019-01-01' } };
    // LPR 2022-01-10; filing 2025-01-10: period 2022-01-10..2025-01-09 = 1,096 days (2024 leap).
    const r = calc('us-naturalisation', '2025-01-10', [], { prSince: '2022-01-10', declared: spouse });
    expect(r.provision).toBe('INA 319(a)');
    expect([r.window_start, r.window_end]).toEqual(['2022-01-10', '2025-01-09']);
    expect(r.days_required).toBe(548);
    expect(r.meets).toBe(true);
    // Under the general rule the same person is two years short.
    expect(calc('us-naturalisation', '2025-01-10', [], { prSince: '2022-01-10' }).meets).toBe(false);
    // A marriage younger than three years fails the 3-year rule with its reason.
    const young = { us_citizen_spouse: { marital_union_since: '2023-01-01', spouse_citizen_since: '2019-01-01' } };
    const y = calc('us-naturalisation', '2025-01-10', [], { prSince: '2022-01-10', declared: young });
    expect(y.reasons.map((x) => x.split(':')[0])).toEqual(['us_citizen_spouse']);
    expect(y.earliest_date_met).toBe('2026-01-01');
  });

  it('INA 319(a) is an alternative beside INA 316(a): a spouse who fails the 3-year rule may meet the 5-year one (USCIS Policy Manual Vol. 12 Part G Ch. 1)', () => {
    // Married only since 2023, so the marital union does not cover the three years before filing;
    // an LPR since 2015 present throughout meets the general rule anyway.
    const young = { us_citizen_spouse: { marital_union_since: '2023-01-01', spouse_citizen_since: '2019-01-01' } };
    const r = calc('us-naturalisation', '2025-01-10', [], { prSince: '2015-01-01', declared: young });
    expect(r.meets).toBe(true);
    expect(r.provision).toBe('INA 316(a)');
    expect(r.provision_met).toBe('INA 316(a)');
    expect([r.window_start, r.days_required]).toEqual(['2020-01-10', 913]);
    expect(r.other_provision).toBe('INA 319(a)');
    expect(r.other_provision_meets).toBe(false);
    expect((r.other_provision_reasons as string[]).map((x) => x.split(':')[0])).toEqual(['us_citizen_spouse']);
    expect((r.provisions as Array<{ provision: string; meets: boolean }>).map((p) => [p.provision, p.meets])).toEqual([
      ['INA 319(a)', false],
      ['INA 316(a)', true],
    ]);
    // Both met: the 3-year rule the applicant declared is reported, the general one beside it.
    const long = { us_citizen_spouse: { marital_union_since: '2016-01-01', spouse_citizen_since: '2010-01-01' } };
    const both = calc('us-naturalisation', '2025-01-10', [], { prSince: '2015-01-01', declared: long });
    expect([both.provision_met, both.other_provision, both.other_provision_meets]).toEqual([
      'INA 319(a)',
      'INA 316(a)',
      true,
    ]);
    // Without a spouse only INA 316(a) is evaluated.
    const alone = calc('us-naturalisation', '2025-01-10', [], { prSince: '2015-01-01' });
    expect([alone.provision_met, (alone.provisions as unknown[]).length]).toEqual(['INA 316(a)', 1]);
  });

  it('a spouse who meets neither: the 3-year rule is reported with its reasons, the general rule beside it', () => {
    const young = { us_citizen_spouse: { marital_union_since: '2023-01-01', spouse_citizen_since: '2019-01-01' } };
    const r = calc('us-naturalisation', '2025-01-10', [], { prSince: '2022-01-10', declared: young });
    expect([r.meets, r.provision, r.provision_met]).toEqual([false, 'INA 319(a)', null]);
    // The general rule: an LPR for three years of the five (its days present, 1,096, count from 2022).
    expect((r.other_provision_reasons as string[]).map((x) => x.split(':')[0])).toEqual(['lawful_permanent_residence']);
  });

  it('accepts the US spelling of the rule id', () => {
    expect(calc('us-naturalization', '2026-11-27', [], { prSince: '2015-01-01' }).rule).toBe('us-naturalisation');
  });
});

describe('bad input gets a clear error', () => {
  const bad = (text: string) => () =>
    calcFromFiles({ rule: 'ca-pr', asOf: '2026-11-27' }, { crossings: { name: 'c.jsonl', text } });
  it.each([
    ['not JSON', 'nope', /c.jsonl line 1 is not valid JSON/],
    ['unknown kind', '{"kind":"arrival","at":"2026-01-01T10:00:00-05:00"}', /"kind" must be "entry".*"arrival"/],
    ['no offset', '{"kind":"entry","at":"2026-01-01T10:00:00"}', /local offset/],
    ['date only', '{"kind":"entry","at":"2026-01-01"}', /local offset/],
    ['unreal date', '{"kind":"entry","at":"2026-02-30T10:00:00-05:00"}', /real ISO 8601/],
    ['missing at', '{"kind":"entry"}', /"at" is missing/],
    [
      'two entries in a row',
      '{"kind":"entry","at":"2026-01-01T10:00:00-05:00"}\n\n{"kind":"entry","at":"2026-02-01T10:00:00-05:00"}',
      /line 1 and c.jsonl line 3 are both entries/,
    ],
  ])('%s', (_name, text, message) => {
    expect(bad(text)).toThrow(ResidencyError);
    expect(bad(text)).toThrow(message);
  });

  it('rule, dates and declared file', () => {
    const ok = { crossings: { name: 'c.jsonl', text: '' } };
    expect(() => calcFromFiles({ rule: 'ca-prr', asOf: '2026-11-27' }, ok)).toThrow(/--rule must be one of/);
    expect(() => calcFromFiles({ rule: 'ca-pr', asOf: '2026-13-01' }, ok)).toThrow(/--as-of must be a real date/);
    expect(() =>
      calcFromFiles({ rule: 'ca-pr', asOf: '2026-11-27' }, { ...ok, declared: declared({ absense: [] }) }),
    ).toThrow(/unknown field\(s\) absense/);
    expect(() =>
      calcFromFiles(
        { rule: 'ca-pr', asOf: '2026-11-27' },
        { ...ok, declared: declared({ sentence_periods: [{ from: '2020-02-01', to: '2020-01-01' }] }) },
      ),
    ).toThrow(/"to" \(2020-01-01\) is before "from"/);
  });

  it('a byte-order mark and Windows line ends are read as text editors write them', () => {
    const text =
      '\uFEFF{"kind":"exit","at":"2026-01-10T08:00:00-05:00"}\r\n{"kind":"entry","at":"2026-01-20T08:00:00-05:00"}\r\n';
    const r = calcFromFiles({ rule: 'ca-pr', asOf: '2026-11-27' }, { crossings: { name: 'c.jsonl', text } });
    expect(r.days_in_country).toBe(1826 - 9);
    expect(r.notes).toEqual([
      'no --pr-since: the person is taken to have been a permanent resident for five years or more',
    ]);
  });

  it('a declared field the rule does not use is noted, not silently dropped', () => {
    const r = calc('ca-pr', '2026-11-27', [], {
      prSince: '2015-01-01',
      declared: { sentence_periods: [{ from: '2020-01-01', to: '2020-01-31' }] },
    });
    expect(r.days_present).toBe(1826);
    expect(r.notes).toEqual([
      'no crossings: the person is taken to have been in the country throughout',
      'declared sentence_periods is not used by ca-pr (only by ca-citizenship)',
    ]);
  });

  it('crossings after the as-of date are noted and not counted', () => {
    const r = calc('ca-pr', '2026-11-27', [
      ['entry', '2020-01-01'],
      ['exit', '2027-01-01'],
    ]);
    expect(r.days_present).toBe(1826);
    expect(r.notes.join(' ')).toMatch(/1 crossing\(s\) after the as-of date/);
  });
});

describe("a node's records: a missing crossing is a gap, not an error", () => {
  const crossing = (kind: Kind, day: string, source: string): DatedCrossing => ({
    kind,
    day,
    instant: Date.parse(`${day}T12:00:00Z`),
    source,
  });
  const gapMode = { missing: 'gap', beforeFirstExit: 'gap' } as const;

  it('two entries in a row: only the first entry day counts, the days between are a gap', () => {
    const t = timelineFromCrossings(
      [
        crossing('entry', '2026-01-01', 'E1'),
        crossing('entry', '2026-02-01', 'E2'),
        crossing('exit', '2026-02-05', 'X1'),
      ],
      '2026-11-27',
      gapMode,
    );
    // 2026-01-01 + 2026-02-01..2026-02-05 = 6 days; gap 2026-01-02..2026-01-31.
    const r = calculateResidency({ rule: 'ca-pr', asOf: '2026-11-27', declared: EMPTY_DECLARED, timeline: t });
    expect(r.days_present).toBe(6);
    expect(t.gaps).toEqual([expect.objectContaining({ kind: 'exit_missing', after: 'E1', before: 'E2' })]);
  });

  it('two exits in a row, and the time before a first exit, are gaps unless present at start', () => {
    const records = [crossing('exit', '2026-01-10', 'X1'), crossing('exit', '2026-03-01', 'X2')];
    const t = timelineFromCrossings(records, '2026-11-27', gapMode);
    expect(t.gaps.map((g) => g.kind)).toEqual(['entry_missing', 'entry_missing']);
    const r = calculateResidency({ rule: 'ca-pr', asOf: '2026-11-27', declared: EMPTY_DECLARED, timeline: t });
    expect(r.days_present).toBe(2); // the two exit days
    const resident = timelineFromCrossings(records, '2026-11-27', { missing: 'gap', beforeFirstExit: 'inside' });
    // Window 2021-11-27..2026-11-26: inside until 2026-01-10 (1,506 days), plus the day of the second exit.
    expect(
      calculateResidency({ rule: 'ca-pr', asOf: '2026-11-27', declared: EMPTY_DECLARED, timeline: resident })
        .days_present,
    ).toBe(1507);
  });
});

// Admission rules: who gets a lawful admission period on each node, and until when. Pure.
import { addMonths } from '../../src/calendar';
import { ADMISSION_RULES, admissionFor } from '../../src/admission/rules';

describe('admission rules', () => {
  const cases: Array<{
    name: string;
    node: 'US' | 'CA';
    category: string | null;
    citizenship: string;
    enteredAt: string;
    admitUntil?: string;
    rule: string;
    until: string | null;
    from: string | null;
  }> = [
    {
      name: 'US: a Canadian visitor gets six months',
      node: 'US',
      category: null,
      citizenship: 'CAN',
      enteredAt: '2026-03-15T14:00:00Z',
      rule: 'us.visitor',
      until: '2026-09-15',
      from: 'rule',
    },
    {
      name: 'US: a visitor with an I-94 date keeps it',
      node: 'US',
      category: 'visitor',
      citizenship: 'FRA',
      enteredAt: '2026-03-15T14:00:00Z',
      admitUntil: '2026-05-01',
      rule: 'us.visitor',
      until: '2026-05-01',
      from: 'officer',
    },
    {
      name: 'US: a US citizen has no period',
      node: 'US',
      category: null,
      citizenship: 'USA',
      enteredAt: '2026-03-15T14:00:00Z',
      rule: 'us.citizen',
      until: null,
      from: null,
    },
    {
      name: 'US: a permanent resident has no period, even with a date',
      node: 'US',
      category: 'permanent_resident',
      citizenship: 'MEX',
      enteredAt: '2026-03-15T14:00:00Z',
      admitUntil: '2026-05-01',
      rule: 'us.permanent_resident',
      until: null,
      from: null,
    },
    {
      name: 'US: duration-of-status non-immigrant has no date',
      node: 'US',
      category: 'temporary_resident',
      citizenship: 'IND',
      enteredAt: '2026-03-15T14:00:00Z',
      rule: 'us.temporary_resident',
      until: null,
      from: null,
    },
    {
      name: 'CA: a visitor gets six months, clamped to the month end',
      node: 'CA',
      category: 'visitor',
      citizenship: 'USA',
      enteredAt: '2026-08-31T10:00:00Z',
      rule: 'ca.visitor',
      until: '2027-02-28',
      from: 'rule',
    },
    {
      name: 'CA: six months into a leap February',
      node: 'CA',
      category: null,
      citizenship: 'DEU',
      enteredAt: '2027-08-31T10:00:00Z',
      rule: 'ca.visitor',
      until: '2028-02-29',
      from: 'rule',
    },
    {
      name: 'CA: the officer fixed another period (IRPR 183(2))',
      node: 'CA',
      category: 'visitor',
      citizenship: 'USA',
      enteredAt: '2026-03-15T14:00:00Z',
      admitUntil: '2026-04-15',
      rule: 'ca.visitor',
      until: '2026-04-15',
      from: 'officer',
    },
    {
      name: 'CA: a Canadian citizen has no period',
      node: 'CA',
      category: null,
      citizenship: 'CAN',
      enteredAt: '2026-03-15T14:00:00Z',
      rule: 'ca.citizen',
      until: null,
      from: null,
    },
    {
      name: 'CA: a US citizen is a visitor in Canada',
      node: 'CA',
      category: null,
      citizenship: 'USA',
      enteredAt: '2026-03-15T14:00:00Z',
      rule: 'ca.visitor',
      until: '2026-09-15',
      from: 'rule',
    },
    {
      name: 'CA: a permanent resident has no period',
      node: 'CA',
      category: 'permanent_resident',
      citizenship: 'PHL',
      enteredAt: '2026-03-15T14:00:00Z',
      rule: 'ca.permanent_resident',
      until: null,
      from: null,
    },
    {
      name: 'the day of entry is the UTC day',
      node: 'CA',
      category: 'visitor',
      citizenship: 'USA',
      enteredAt: '2026-01-31T21:00:00-05:00',
      rule: 'ca.visitor',
      until: '2026-08-01',
      from: 'rule',
    },
  ];
  it.each(cases)('$name', (c) => {
    const d = admissionFor(c.node, {
      category: c.category,
      citizenship: c.citizenship,
      enteredAt: new Date(c.enteredAt).toISOString(),
      admitUntil: c.admitUntil ?? null,
    });
    expect(d.rule.id).toBe(c.rule);
    expect(d.admitUntil).toBe(c.until);
    expect(d.admitUntilFrom).toBe(c.from);
  });

  it('every rule names its source, and each node has one rule per category', () => {
    for (const rule of ADMISSION_RULES) expect(rule.source.length).toBeGreaterThan(10);
    for (const node of ['US', 'CA']) {
      // us.visa_waiver is the VWP variant of the US visitor rule (INA s.217), chosen by citizenship.
      const categories = ADMISSION_RULES.filter((r) => r.node === node && r.id !== 'us.visa_waiver').map(
        (r) => r.category,
      );
      expect(new Set(categories).size).toBe(categories.length);
      expect(categories.sort()).toEqual(['citizen', 'other', 'permanent_resident', 'temporary_resident', 'visitor']);
    }
  });

  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-12-15', 2, '2027-02-15'],
    ['2026-05-10', -60, '2021-05-10'],
  ])('addMonths(%s, %d) = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });
});

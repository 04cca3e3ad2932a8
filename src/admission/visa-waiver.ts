// The Visa Waiver Program (INA s.217, 8 U.S.C. 1187; 8 CFR 217.2): nationals of the designated
// countries may be admitted to the US as visitors for up to 90 days without a visa, at land ports
// too (with an approved ESTA since 2022). A VWP visitor who goes to Canada or Mexico (or an adjacent
// island) and returns inside the original 90 days is readmitted for the balance of the original
// admission period, not a new 90 days (8 CFR 217.3(b)).
//
// Designations, terminations and rescissions have dates (INA 217(c), 217(f)): a national entering
// before the country's first day of VWP admissions, or after its termination, is a B visitor. Each
// row is one change with the first local day it governs an entry and the Federal Register document
// it comes from. Where a notice names three dates (the Secretary's designation, the rule's effect,
// and the day the program is "implemented" for travellers: Israel, Qatar), the day admissions
// began is the one an entry depends on. docs/rules.md, "Visa Waiver Program", lists every row and
// what is still to verify.

export type VwpChangeKind = 'designation' | 'termination' | 'rescission';

export interface VwpChange {
  /** ISO alpha-3 code; British citizens only: GBR, not the other GB* codes. */
  country: string;
  change: VwpChangeKind;
  /** First local day (YYYY-MM-DD) the change governs an entry; null when not known from a source. */
  from: string | null;
  /** The Federal Register document, or "citation to verify" with what is known. */
  citation: string;
  note?: string;
  /** A designation whose own date is not yet verified, in force before every dated row of this table. */
  undatedBaseline?: true;
}

/** The countries the program held before its own history is tabulated here (see the baseline row's note). */
const BASELINE_2002 =
  'AND AUS AUT BEL BRN DNK FIN FRA DEU ISL IRL ITA JPN LIE LUX MCO NLD NZL NOR SMR SVN ESP SWE CHE GBR'.split(' ');

const CLIENT_NOTE_2002 =
  'in the program on 21 February 2002 (Greenberg Traurig client alert of that day lists the 28 countries remaining after Argentina); own designation date and citation to verify (1988-1997 pilot notices)';

export const VWP_CHANGES: readonly VwpChange[] = [
  ...BASELINE_2002.map((country): VwpChange => ({
    country,
    change: 'designation',
    from: null,
    citation: 'citation to verify',
    note: CLIENT_NOTE_2002,
    undatedBaseline: true,
  })),
  {
    country: 'ARG',
    change: 'designation',
    from: '1996-07-08',
    citation: '61 FR 35598 (8 July 1996), INS interim rule, effective 8 July 1996',
  },
  ...['PRT', 'SGP', 'URY'].map((country): VwpChange => ({
    country,
    change: 'designation',
    from: '1999-08-09',
    citation: '64 FR 42006 (3 August 1999), INS interim rule, effective 9 August 1999',
  })),
  {
    country: 'ARG',
    change: 'termination',
    from: '2002-02-21',
    citation: 'citation to verify: DOJ interim rule published February 2002, effective on publication',
    note: 'date from the Greenberg Traurig client alert of 21 February 2002 (rule "effective immediately on publication" that week)',
  },
  {
    country: 'URY',
    change: 'termination',
    from: '2003-04-15',
    citation: '68 FR 10954 (7 March 2003), INS interim rule, effective 15 April 2003',
  },
  ...['CZE', 'EST', 'HUN', 'LVA', 'LTU', 'KOR', 'SVK'].map((country): VwpChange => ({
    country,
    change: 'designation',
    from: '2008-11-17',
    citation: '73 FR 67711 (17 November 2008), FR Doc E8-27062, effective 17 November 2008',
  })),
  {
    country: 'MLT',
    change: 'designation',
    from: '2008-12-30',
    citation: '73 FR 79595 (30 December 2008), FR Doc E8-30818, effective 30 December 2008',
  },
  {
    country: 'GRC',
    change: 'designation',
    from: '2010-04-05',
    citation: '75 FR 15991 (31 March 2010), effective 5 April 2010 (designated 4 March 2010)',
  },
  {
    country: 'TWN',
    change: 'designation',
    from: '2012-11-01',
    citation: '77 FR 64409 (22 October 2012), FR Doc 2012-25986, effective 1 November 2012 (designated 2 October 2012)',
  },
  {
    country: 'CHL',
    change: 'designation',
    from: '2014-03-31',
    citation: '79 FR 17852 (31 March 2014), FR Doc 2014-07254, effective 31 March 2014 (designated 28 February 2014)',
    note: 'the day travel under the program began is to verify (the notice gives only the rule date)',
  },
  {
    country: 'POL',
    change: 'designation',
    from: '2019-11-11',
    citation:
      '84 FR 60316 (8 November 2019), FR Doc 2019-24328; DHS release of 5 November 2019: travel from 11 November 2019',
  },
  {
    country: 'HRV',
    change: 'designation',
    from: '2021-12-01',
    citation:
      '86 FR 54029 (30 September 2021), FR Doc 2021-21136, effective 1 December 2021 (designated 28 September 2021)',
  },
  {
    country: 'ISR',
    change: 'designation',
    from: '2023-11-30',
    citation:
      '88 FR 67063 (29 September 2023), FR Doc 2023-21574: designation effective 26 September 2023, rule 29 September 2023, implemented 30 November 2023',
  },
  {
    country: 'QAT',
    change: 'designation',
    from: '2024-12-01',
    citation:
      '89 FR 78783 (26 September 2024), FR Doc 2024-22050: designation effective 24 September 2024, rule 26 September 2024, implemented 1 December 2024',
  },
  {
    country: 'ROU',
    change: 'designation',
    from: null,
    citation:
      'designated 9 January 2025 (DHS); no Federal Register rule (FR Doc 2024-31210 moved the list to dhs.gov/visa-waiver-program from 23 December 2024); citation to verify',
    note: 'to be implemented on or around 31 March 2025; implementation paused 25 March 2025, so no Romanian national was ever admitted under the program',
  },
  {
    country: 'ROU',
    change: 'rescission',
    from: '2025-05-02',
    citation: 'DHS release of 2 May 2025 ("effective immediately"); citation to verify',
  },
];

export interface VwpStatus {
  designated: boolean;
  /** The row that decides: the latest change in force on the day, if any. */
  change: VwpChange | null;
  reason: string;
}

/**
 * Whether a national of `country` entering on local day `day` (YYYY-MM-DD) could be admitted under
 * the program: the latest change in force that day decides. A baseline designation with no known
 * date counts as in force on every day (the project's crossings start in 2012, long after it).
 */
export function vwpStatusOn(country: string, day: string, changes: readonly VwpChange[] = VWP_CHANGES): VwpStatus {
  let latest: VwpChange | null = null;
  for (const c of changes) {
    if (c.country !== country) continue;
    const inForce = c.from === null ? c.undatedBaseline === true : c.from <= day;
    if (inForce && (latest === null || (c.from ?? '') >= (latest.from ?? ''))) latest = c;
  }
  if (!latest) {
    const pending = changes.find((c) => c.country === country && c.change === 'designation');
    return {
      designated: false,
      change: null,
      reason: pending
        ? `${country} was not yet admitted under the Visa Waiver Program on ${day} (${pending.from ? `from ${pending.from}` : 'never implemented'}; ${pending.citation})`
        : `${country} is not a Visa Waiver Program country`,
    };
  }
  const designated = latest.change === 'designation';
  return {
    designated,
    change: latest,
    reason: designated
      ? `${country} designated for the Visa Waiver Program${latest.from ? ` from ${latest.from}` : ''} (${latest.citation})`
      : `${country}'s Visa Waiver Program ${latest.change} from ${latest.from} (${latest.citation})`,
  };
}

/** ISO alpha-3 codes of the countries whose nationals may be admitted under the program on `day`. */
export function visaWaiverCountriesOn(day: string): ReadonlySet<string> {
  return new Set([...new Set(VWP_CHANGES.map((c) => c.country))].filter((c) => vwpStatusOn(c, day).designated));
}

/** The countries as the table stands on 1 January 2026 (the State Department's list of 2025 less Romania). */
export const VISA_WAIVER_COUNTRIES: ReadonlySet<string> = visaWaiverCountriesOn('2026-01-01');

export const VWP_ADMISSION_DAYS = 90;
export const VWP_SOURCE =
  'INA s.217(a)(1), 8 U.S.C. 1187(a)(1): admission for up to 90 days, the day of arrival counted as day 1 (US Embassy Tokyo, Visa Waiver Program: arrival 1 July 2005, leave on or before 28 September 2005); 8 CFR 217.3(b): after a trip to Canada or Mexico, readmission for the balance of the original admission period; designations dated by INA 217(c) and their Federal Register notices (VWP_CHANGES)';

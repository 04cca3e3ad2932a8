// The Visa Waiver Program (INA s.217, 8 U.S.C. 1187; 8 CFR 217.2): nationals of the designated
// countries may be admitted to the US as visitors for up to 90 days without a visa, at land ports
// too (with an approved ESTA since 2022). A VWP visitor who goes to Canada or Mexico (or an adjacent
// island) and returns inside the original 90 days is readmitted for the balance of the original
// admission period, not a new 90 days (8 CFR 217.3(b)).
//
// The designated countries as the State Department lists them (travel.state.gov, "Visa Waiver
// Program", 2025). The list changes by notice in the Federal Register: docs/rules.md says how.

/** ISO alpha-3 codes of the VWP countries. British citizens only: GBR, not the other GB* codes. */
export const VISA_WAIVER_COUNTRIES: ReadonlySet<string> = new Set(
  `AND AUS AUT BEL BRN CHL HRV CZE DNK EST FIN FRA DEU GRC HUN ISL IRL ISR ITA JPN KOR LVA LIE LTU LUX MLT MCO
NLD NZL NOR POL PRT QAT ROU SMR SGP SVK SVN ESP SWE CHE TWN GBR`.split(/\s+/),
);

export const VWP_ADMISSION_DAYS = 90;
export const VWP_SOURCE =
  'INA s.217(a)(1), 8 U.S.C. 1187(a)(1): admission for up to 90 days, the day of arrival counted as day 1 (US Embassy Tokyo, Visa Waiver Program: arrival 1 July 2005, leave on or before 28 September 2005); 8 CFR 217.3(b): after a trip to Canada or Mexico, readmission for the balance of the original admission period';

// Country codes as travel documents write them (ICAO Doc 9303 Part 3): ISO 3166-1 alpha-3 plus the
// ICAO-only codes, and the one-letter "D" for Germany. Normalised to one form before anything
// compares them.

// ISO 3166-1 alpha-3 (officially assigned codes).
const ISO_ALPHA3 =
  `ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA BGD BGR BHR BHS
BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN CIV CMR COD COG COK COL COM CPV CRI CUB CUW CXR
CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESH ESP EST ETH FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB GIN GLP
GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR JPN
KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR MCO MDA MDG MDV MEX MHL MKD MLI
MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL NER NFK NGA NIC NIU NLD NOR NPL NRU NZL OMN PAK PAN PCN PER
PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU RUS RWA SAU SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD
STP SUR SVK SVN SWE SWZ SYC SYR TCA TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA UGA UKR UMI URY USA UZB VAT
VCT VEN VGB VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE`.split(/\s+/);

// Codes that ICAO 9303 allows on travel documents besides ISO 3166-1.
const ICAO_ONLY: Record<string, string> = {
  GBD: 'British Overseas Territories Citizen',
  GBN: 'British National (Overseas)',
  GBO: 'British Overseas Citizen',
  GBP: 'British Protected Person',
  GBS: 'British Subject',
  UNO: 'United Nations Organization official',
  UNA: 'United Nations specialized agency official',
  UNK: 'Resident of Kosovo (UNMIK)',
  XXA: 'Stateless person',
  XXB: 'Refugee (1951 Convention)',
  XXC: 'Refugee (other)',
  XXX: 'Unspecified nationality',
  EUE: 'European Union',
  XOM: 'Sovereign Military Order of Malta',
  XPO: 'INTERPOL',
  RKS: 'Kosovo',
};

// Other written forms seen on documents or in partner data.
const ALIASES: Record<string, string> = { D: 'DEU', UK: 'GBR', US: 'USA', CA: 'CAN', 'D<<': 'DEU' };

const VALID = new Set([...ISO_ALPHA3, ...Object.keys(ICAO_ONLY)]);
const ALPHA2_TO_3: Record<string, string> = {};

/** Uppercases, trims filler characters, and maps written variants ("D", "d<<") to the alpha-3 code. */
export function normaliseCountryCode(raw: string): string {
  const cleaned = raw.trim().toUpperCase().replace(/<+$/, '');
  return ALIASES[cleaned] ?? ALPHA2_TO_3[cleaned] ?? cleaned;
}

export function isKnownCountryCode(code: string): boolean {
  return VALID.has(code);
}

/** For matching: the British ICAO variants are one country. */
export function countryForMatching(code: string): string {
  const normalised = normaliseCountryCode(code);
  return normalised.startsWith('GB') && normalised.length === 3 ? 'GBR' : normalised;
}

/** Citizens of the two exchanging countries; scope rules treat them apart from third-country nationals. */
export const PARTNER_CITIZENSHIPS = new Set(['USA', 'CAN']);

// Country codes as travel documents write them (ICAO Doc 9303 Part 3): ISO 3166-1 alpha-3 plus the
// ICAO-only codes, and the one-letter "D" for Germany; ISO 3166-1 alpha-2 codes are accepted too.
// Normalised to the alpha-3 form before anything compares them.

// ISO 3166-1 alpha-3 (officially assigned codes).
const ISO_ALPHA3 =
  `ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA BGD BGR BHR BHS
BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN CIV CMR COD COG COK COL COM CPV CRI CUB CUW CXR
CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESH ESP EST ETH FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB GIN GLP
GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR JPN
KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR MCO MDA MDG MDV MEX MHL MKD MLI
MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL NER NFK NGA NIC NIU NLD NOR NPL NRU NZL OMN PAK PAN PCN PER
PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU RUS RWA SAU SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD
STP SUR SVK SVN SWE SWZ SXM SYC SYR TCA TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA UGA UKR UMI URY USA UZB VAT
VCT VEN VGB VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE`.split(/\s+/);

// Codes that ICAO Doc 9303 Part 3 (section 5, "Codes for nationality, place of birth or location of
// issuing State/authority") allows on travel documents besides ISO 3166-1: the British variants, the
// codes for persons without a State, and the codes of the organisations that issue travel documents.
export const ICAO_ONLY: Record<string, string> = {
  D: 'Germany (the one-letter code German documents print)',
  GBD: 'British Overseas Territories Citizen',
  GBN: 'British National (Overseas)',
  GBO: 'British Overseas Citizen',
  GBP: 'British Protected Person',
  GBS: 'British Subject',
  UNO: 'United Nations Organization or one of its officials',
  UNA: 'a specialized agency of the United Nations or one of its officials',
  UNK: 'Resident of Kosovo to whom a travel document has been issued by UNMIK',
  XBA: 'African Development Bank (AfDB)',
  XIM: 'African Export-Import Bank (AFREXIM bank)',
  XCC: 'Caribbean Community or one of its emissaries (CARICOM)',
  XCE: 'Council of Europe',
  XCO: 'Common Market for Eastern and Southern Africa (COMESA)',
  XEC: 'Economic Community of West African States (ECOWAS)',
  XES: 'Organisation of Eastern Caribbean States (OECS)',
  XMP: 'Parliamentary Assembly of the Mediterranean (PAM)',
  XOM: 'Sovereign Military Order of Malta or one of its emissaries',
  XDC: 'Southern African Development Community (SADC)',
  XPO: 'International Criminal Police Organization (INTERPOL)',
  EUE: 'European Union (EU)',
  XXA: 'Stateless person (1954 Convention)',
  XXB: 'Refugee (1951 Convention)',
  XXC: 'Refugee (other than under the 1951 Convention)',
  XXX: 'Person of unspecified nationality',
  RKS: 'Kosovo (printed on documents Kosovo issues; not an ISO 3166-1 code)',
};

// Other written forms seen on documents or in partner data.
const ALIASES: Record<string, string> = { D: 'DEU', UK: 'GBR' };

const VALID = new Set([...ISO_ALPHA3, ...Object.keys(ICAO_ONLY).filter((code) => code.length === 3)]);

// ISO 3166-1 alpha-2 to alpha-3, every officially assigned code: ports and partner systems that
// write "DE" or "FR" are understood. "UK" (exceptionally reserved) is GBR, as above.
const ALPHA2_PAIRS = `AD AND AE ARE AF AFG AG ATG AI AIA AL ALB AM ARM AO AGO AQ ATA AR ARG AS ASM AT AUT AU AUS AW ABW
AX ALA AZ AZE BA BIH BB BRB BD BGD BE BEL BF BFA BG BGR BH BHR BI BDI BJ BEN BL BLM BM BMU BN BRN BO BOL BQ BES BR BRA
BS BHS BT BTN BV BVT BW BWA BY BLR BZ BLZ CA CAN CC CCK CD COD CF CAF CG COG CH CHE CI CIV CK COK CL CHL CM CMR CN CHN
CO COL CR CRI CU CUB CV CPV CW CUW CX CXR CY CYP CZ CZE DE DEU DJ DJI DK DNK DM DMA DO DOM DZ DZA EC ECU EE EST EG EGY
EH ESH ER ERI ES ESP ET ETH FI FIN FJ FJI FK FLK FM FSM FO FRO FR FRA GA GAB GB GBR GD GRD GE GEO GF GUF GG GGY GH GHA
GI GIB GL GRL GM GMB GN GIN GP GLP GQ GNQ GR GRC GS SGS GT GTM GU GUM GW GNB GY GUY HK HKG HM HMD HN HND HR HRV HT HTI
HU HUN ID IDN IE IRL IL ISR IM IMN IN IND IO IOT IQ IRQ IR IRN IS ISL IT ITA JE JEY JM JAM JO JOR JP JPN KE KEN KG KGZ
KH KHM KI KIR KM COM KN KNA KP PRK KR KOR KW KWT KY CYM KZ KAZ LA LAO LB LBN LC LCA LI LIE LK LKA LR LBR LS LSO LT LTU
LU LUX LV LVA LY LBY MA MAR MC MCO MD MDA ME MNE MF MAF MG MDG MH MHL MK MKD ML MLI MM MMR MN MNG MO MAC MP MNP MQ MTQ
MR MRT MS MSR MT MLT MU MUS MV MDV MW MWI MX MEX MY MYS MZ MOZ NA NAM NC NCL NE NER NF NFK NG NGA NI NIC NL NLD NO NOR
NP NPL NR NRU NU NIU NZ NZL OM OMN PA PAN PE PER PF PYF PG PNG PH PHL PK PAK PL POL PM SPM PN PCN PR PRI PS PSE PT PRT
PW PLW PY PRY QA QAT RE REU RO ROU RS SRB RU RUS RW RWA SA SAU SB SLB SC SYC SD SDN SE SWE SG SGP SH SHN SI SVN SJ SJM
SK SVK SL SLE SM SMR SN SEN SO SOM SR SUR SS SSD ST STP SV SLV SX SXM SY SYR SZ SWZ TC TCA TD TCD TF ATF TG TGO TH THA
TJ TJK TK TKL TL TLS TM TKM TN TUN TO TON TR TUR TT TTO TV TUV TW TWN TZ TZA UA UKR UG UGA UM UMI US USA UY URY UZ UZB
VA VAT VC VCT VE VEN VG VGB VI VIR VN VNM VU VUT WF WLF WS WSM YE YEM YT MYT ZA ZAF ZM ZMB ZW ZWE`.split(/\s+/);
export const ALPHA2_TO_3: Readonly<Record<string, string>> = Object.fromEntries(
  Array.from({ length: ALPHA2_PAIRS.length / 2 }, (_, i) => [ALPHA2_PAIRS[2 * i], ALPHA2_PAIRS[2 * i + 1]]),
);

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

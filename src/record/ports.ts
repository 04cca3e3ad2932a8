// Reference table of the US–Canada land border ports of entry, both sides, Alaska and Yukon
// included. Every crossing has two ports facing each other: the US port where people enter the US
// and the Canadian port where people enter Canada; an entry recorded at one is the exit through the
// other. Each port carries the IANA time zone of the place, because a crossing's day is its day at
// the port (docs/rules.md, "Local days").
//
// Sources (docs/rules.md, "Ports"): the Bureau of Transportation Statistics Border Crossing Entry
// Data (port names and states of the US ports, as designated by CBP), CBP's "Locate a Port of Entry"
// list, and the CBSA Directory of Offices and Services (land border offices by province), with the
// time zones of the IANA tz database for each place. Codes are this project's own stable identifiers
// (country, then place): CBP's four-digit port codes and CBSA's office numbers are not carried (see
// the open questions in docs/rules.md). Codes used before this table grew are unchanged.

export interface Port {
  code: string;
  country: 'US' | 'CA';
  name: string;
  /** State or province (USPS / Canada Post two-letter code). */
  region: string;
  /** IANA time zone of the port. */
  time_zone: string;
  /** The port across the line. */
  facing: string;
}

// US states and Canadian provinces along the line, and the zone most of their ports keep.
const US_ZONE: Record<string, string> = {
  AK: 'America/Anchorage',
  WA: 'America/Los_Angeles',
  ID: 'America/Los_Angeles', // the Idaho Panhandle keeps Pacific time
  MT: 'America/Denver',
  ND: 'America/Chicago', // the border counties keep Central time
  MN: 'America/Chicago',
  MI: 'America/Detroit',
  NY: 'America/New_York',
  VT: 'America/New_York',
  NH: 'America/New_York',
  ME: 'America/New_York',
};
const CA_ZONE: Record<string, string> = {
  YT: 'America/Whitehorse',
  BC: 'America/Vancouver',
  AB: 'America/Edmonton',
  SK: 'America/Regina', // no daylight saving time
  MB: 'America/Winnipeg',
  ON: 'America/Toronto',
  QC: 'America/Toronto', // tz links America/Montreal here
  NB: 'America/Moncton', // Atlantic time: an hour ahead of Maine
};

/**
 * One crossing: [US code, US name, state, CA code, CA name, province, zone overrides]. The override
 * names a zone for a port that does not keep its state's or province's usual one.
 */
type Crossing = [string, string, string, string, string, string, { us?: string; ca?: string }?];

const CROSSINGS: Crossing[] = [
  // Alaska – Yukon and British Columbia
  ['US-ALCAN', 'Alcan', 'AK', 'CA-BEAVER-CREEK', 'Beaver Creek', 'YT'],
  ['US-POKER-CREEK', 'Poker Creek', 'AK', 'CA-LITTLE-GOLD-CREEK', 'Little Gold Creek', 'YT', { ca: 'America/Dawson' }],
  ['US-SKAGWAY', 'Skagway', 'AK', 'CA-FRASER', 'Fraser', 'BC', { us: 'America/Juneau' }],
  ['US-DALTON-CACHE', 'Dalton Cache', 'AK', 'CA-PLEASANT-CAMP', 'Pleasant Camp', 'BC', { us: 'America/Juneau' }],
  // Washington – British Columbia
  ['US-POINT-ROBERTS', 'Point Roberts', 'WA', 'CA-BOUNDARY-BAY', 'Boundary Bay', 'BC'],
  ['US-BLAINE-PH', 'Blaine (Pacific Highway)', 'WA', 'CA-PACIFIC-HWY', 'Pacific Highway (Surrey)', 'BC'],
  ['US-BLAINE-PA', 'Blaine (Peace Arch)', 'WA', 'CA-DOUGLAS', 'Douglas (Peace Arch, Surrey)', 'BC'],
  ['US-LYNDEN', 'Lynden', 'WA', 'CA-ALDERGROVE', 'Aldergrove', 'BC'],
  ['US-SUMAS', 'Sumas', 'WA', 'CA-HUNTINGDON', 'Abbotsford-Huntingdon', 'BC'],
  ['US-OROVILLE', 'Oroville', 'WA', 'CA-OSOYOOS', 'Osoyoos', 'BC'],
  ['US-NIGHTHAWK', 'Nighthawk', 'WA', 'CA-CHOPAKA', 'Chopaka', 'BC'],
  ['US-FERRY', 'Ferry', 'WA', 'CA-MIDWAY', 'Midway', 'BC'],
  ['US-DANVILLE', 'Danville', 'WA', 'CA-CARSON', 'Carson', 'BC'],
  ['US-LAURIER', 'Laurier', 'WA', 'CA-CASCADE', 'Cascade', 'BC'],
  ['US-FRONTIER', 'Frontier', 'WA', 'CA-PATERSON', 'Paterson', 'BC'],
  ['US-BOUNDARY', 'Boundary', 'WA', 'CA-WANETA', 'Waneta', 'BC'],
  ['US-METALINE-FALLS', 'Metaline Falls', 'WA', 'CA-NELWAY', 'Nelway', 'BC'],
  // Idaho – British Columbia
  ['US-PORTHILL', 'Porthill', 'ID', 'CA-RYKERTS', 'Rykerts', 'BC', { ca: 'America/Creston' }],
  ['US-EASTPORT', 'Eastport', 'ID', 'CA-KINGSGATE', 'Kingsgate', 'BC'],
  // Montana – British Columbia, Alberta, Saskatchewan
  ['US-ROOSVILLE', 'Roosville', 'MT', 'CA-ROOSVILLE', 'Roosville', 'BC', { ca: 'America/Edmonton' }],
  ['US-CHIEF-MOUNTAIN', 'Chief Mountain', 'MT', 'CA-CHIEF-MOUNTAIN', 'Chief Mountain', 'AB'],
  ['US-PIEGAN', 'Piegan', 'MT', 'CA-CARWAY', 'Carway', 'AB'],
  ['US-DEL-BONITA', 'Del Bonita', 'MT', 'CA-DEL-BONITA', 'Del Bonita', 'AB'],
  ['US-SWEETGRASS', 'Sweetgrass', 'MT', 'CA-COUTTS', 'Coutts', 'AB'],
  ['US-WHITLASH', 'Whitlash', 'MT', 'CA-ADEN', 'Aden', 'AB'],
  ['US-WILD-HORSE', 'Wild Horse', 'MT', 'CA-WILD-HORSE', 'Wild Horse', 'AB'],
  ['US-WILLOW-CREEK', 'Willow Creek', 'MT', 'CA-WILLOW-CREEK', 'Willow Creek', 'SK'],
  ['US-TURNER', 'Turner', 'MT', 'CA-CLIMAX', 'Climax', 'SK'],
  ['US-MORGAN', 'Morgan', 'MT', 'CA-MONCHY', 'Monchy', 'SK'],
  ['US-WHITETAIL', 'Whitetail', 'MT', 'CA-BIG-BEAVER', 'Big Beaver', 'SK'],
  ['US-OPHEIM', 'Opheim', 'MT', 'CA-WEST-POPLAR-RIVER', 'West Poplar River', 'SK'],
  ['US-SCOBEY', 'Scobey', 'MT', 'CA-CORONACH', 'Coronach', 'SK'],
  ['US-RAYMOND', 'Raymond', 'MT', 'CA-REGWAY', 'Regway', 'SK'],
  // North Dakota – Saskatchewan, Manitoba
  ['US-FORTUNA', 'Fortuna', 'ND', 'CA-OUNGRE', 'Oungre', 'SK'],
  ['US-AMBROSE', 'Ambrose', 'ND', 'CA-TORQUAY', 'Torquay', 'SK'],
  ['US-NOONAN', 'Noonan', 'ND', 'CA-ESTEVAN-HWY', 'Estevan Highway', 'SK'],
  ['US-PORTAL', 'Portal', 'ND', 'CA-NORTH-PORTAL', 'North Portal', 'SK'],
  ['US-NORTHGATE', 'Northgate', 'ND', 'CA-NORTHGATE', 'Northgate', 'SK'],
  ['US-SHERWOOD', 'Sherwood', 'ND', 'CA-CARIEVALE', 'Carievale', 'SK'],
  ['US-WESTHOPE', 'Westhope', 'ND', 'CA-COULTER', 'Coulter', 'MB'],
  ['US-CARBURY', 'Carbury', 'ND', 'CA-GOODLANDS', 'Goodlands', 'MB'],
  ['US-DUNSEITH', 'Dunseith', 'ND', 'CA-BOISSEVAIN', 'Boissevain', 'MB'],
  ['US-ST-JOHN', 'St. John', 'ND', 'CA-LENA', 'Lena', 'MB'],
  ['US-HANSBORO', 'Hansboro', 'ND', 'CA-CARTWRIGHT', 'Cartwright', 'MB'],
  ['US-SARLES', 'Sarles', 'ND', 'CA-CRYSTAL-CITY', 'Crystal City', 'MB'],
  ['US-HANNAH', 'Hannah', 'ND', 'CA-SNOWFLAKE', 'Snowflake', 'MB'],
  ['US-MAIDA', 'Maida', 'ND', 'CA-WINDYGATES', 'Windygates', 'MB'],
  ['US-WALHALLA', 'Walhalla', 'ND', 'CA-WINKLER', 'Winkler', 'MB'],
  ['US-NECHE', 'Neche', 'ND', 'CA-GRETNA', 'Gretna', 'MB'],
  ['US-PEMBINA', 'Pembina', 'ND', 'CA-EMERSON', 'Emerson', 'MB'],
  // Minnesota – Manitoba, Ontario
  ['US-LANCASTER', 'Lancaster', 'MN', 'CA-TOLSTOI', 'Tolstoi', 'MB'],
  ['US-PINECREEK', 'Pinecreek', 'MN', 'CA-PINEY', 'Piney', 'MB'],
  ['US-ROSEAU', 'Roseau', 'MN', 'CA-SOUTH-JUNCTION', 'South Junction', 'MB'],
  ['US-WARROAD', 'Warroad', 'MN', 'CA-SPRAGUE', 'Sprague', 'MB'],
  ['US-BAUDETTE', 'Baudette', 'MN', 'CA-RAINY-RIVER', 'Rainy River', 'ON', { ca: 'America/Winnipeg' }],
  ['US-INTL-FALLS', 'International Falls', 'MN', 'CA-FORT-FRANCES', 'Fort Frances', 'ON', { ca: 'America/Winnipeg' }],
  ['US-GRAND-PORTAGE', 'Grand Portage', 'MN', 'CA-PIGEON-RIVER', 'Pigeon River', 'ON'],
  // Michigan – Ontario
  ['US-SAULT-STE-MARIE', 'Sault Ste. Marie', 'MI', 'CA-SAULT-STE-MARIE', 'Sault Ste. Marie', 'ON'],
  ['US-DETROIT-AMB', 'Detroit (Ambassador Bridge)', 'MI', 'CA-WINDSOR-AMB', 'Windsor (Ambassador Bridge)', 'ON'],
  ['US-DETROIT-TUN', 'Detroit (Windsor Tunnel)', 'MI', 'CA-WINDSOR-TUN', 'Windsor (Detroit-Windsor Tunnel)', 'ON'],
  ['US-PORT-HURON', 'Port Huron', 'MI', 'CA-SARNIA', 'Sarnia (Blue Water Bridge)', 'ON'],
  ['US-MARINE-CITY', 'Marine City (ferry)', 'MI', 'CA-SOMBRA', 'Sombra (ferry)', 'ON'],
  ['US-ALGONAC', 'Algonac (ferry)', 'MI', 'CA-WALPOLE-ISLAND', 'Walpole Island (ferry)', 'ON'],
  // New York – Ontario, Quebec
  ['US-BUFFALO-PEACE', 'Buffalo (Peace Bridge)', 'NY', 'CA-FORT-ERIE', 'Fort Erie (Peace Bridge)', 'ON'],
  [
    'US-NIAGARA-RAINBOW',
    'Niagara Falls (Rainbow Bridge)',
    'NY',
    'CA-NIAGARA-RAINBOW',
    'Niagara Falls (Rainbow Bridge)',
    'ON',
  ],
  [
    'US-NIAGARA-WHIRLPOOL',
    'Niagara Falls (Whirlpool Bridge)',
    'NY',
    'CA-NIAGARA-WHIRLPOOL',
    'Niagara Falls (Whirlpool Bridge)',
    'ON',
  ],
  ['US-LEWISTON', 'Lewiston (Lewiston-Queenston Bridge)', 'NY', 'CA-QUEENSTON', 'Queenston-Lewiston Bridge', 'ON'],
  ['US-ALEXANDRIA-BAY', 'Alexandria Bay', 'NY', 'CA-LANSDOWNE', 'Lansdowne (Thousand Islands Bridge)', 'ON'],
  ['US-CAPE-VINCENT', 'Cape Vincent (ferry)', 'NY', 'CA-WOLFE-ISLAND', 'Wolfe Island (ferry)', 'ON'],
  ['US-OGDENSBURG', 'Ogdensburg', 'NY', 'CA-PRESCOTT', 'Prescott', 'ON'],
  ['US-MASSENA', 'Massena (Rooseveltown)', 'NY', 'CA-CORNWALL', 'Cornwall', 'ON'],
  ['US-FORT-COVINGTON', 'Fort Covington', 'NY', 'CA-DUNDEE', 'Dundee', 'QC'],
  ['US-TROUT-RIVER', 'Trout River', 'NY', 'CA-TROUT-RIVER', 'Trout River', 'QC'],
  ['US-CHATEAUGAY', 'Chateaugay', 'NY', 'CA-HERDMAN', 'Herdman', 'QC'],
  ['US-CHURUBUSCO', 'Churubusco', 'NY', 'CA-FRANKLIN-CENTRE', 'Franklin Centre', 'QC'],
  ['US-MOOERS', 'Mooers', 'NY', 'CA-HEMMINGFORD', 'Hemmingford', 'QC'],
  ['US-CHAMPLAIN', 'Champlain', 'NY', 'CA-LACOLLE', 'St-Bernard-de-Lacolle', 'QC'],
  ['US-OVERTON-CORNERS', 'Overton Corners', 'NY', 'CA-LACOLLE-221', 'Lacolle (Route 221)', 'QC'],
  ['US-ROUSES-POINT', 'Rouses Point', 'NY', 'CA-LACOLLE-223', 'Lacolle (Route 223)', 'QC'],
  // Vermont – Quebec
  ['US-ALBURG', 'Alburg', 'VT', 'CA-NOYAN', 'Noyan', 'QC'],
  ['US-ALBURG-SPRINGS', 'Alburg Springs', 'VT', 'CA-CLARENCEVILLE', 'Clarenceville', 'QC'],
  ['US-HIGHGATE-SPRINGS', 'Highgate Springs', 'VT', 'CA-ST-ARMAND', 'St-Armand/Philipsburg', 'QC'],
  ['US-MORSES-LINE', 'Morses Line', 'VT', 'CA-MORSES-LINE', 'Morses Line', 'QC'],
  ['US-WEST-BERKSHIRE', 'West Berkshire', 'VT', 'CA-FRELIGHSBURG', 'Frelighsburg', 'QC'],
  ['US-RICHFORD', 'Richford', 'VT', 'CA-ABERCORN', 'Abercorn', 'QC'],
  ['US-EAST-RICHFORD', 'East Richford', 'VT', 'CA-GLEN-SUTTON', 'Glen Sutton', 'QC'],
  ['US-NORTH-TROY', 'North Troy', 'VT', 'CA-HIGHWATER', 'Highwater', 'QC'],
  ['US-DERBY-LINE', 'Derby Line (I-91)', 'VT', 'CA-STANSTEAD', 'Stanstead (Route 55)', 'QC'],
  ['US-DERBY-LINE-RT5', 'Derby Line (Route 5)', 'VT', 'CA-STANSTEAD-143', 'Stanstead (Route 143)', 'QC'],
  ['US-BEEBE-PLAIN', 'Beebe Plain', 'VT', 'CA-BEEBE', 'Beebe', 'QC'],
  ['US-NORTON', 'Norton', 'VT', 'CA-STANHOPE', 'Stanhope', 'QC'],
  ['US-CANAAN', 'Canaan', 'VT', 'CA-HEREFORD-ROAD', 'Hereford Road', 'QC'],
  ['US-BEECHER-FALLS', 'Beecher Falls', 'VT', 'CA-EAST-HEREFORD', 'East Hereford', 'QC'],
  // New Hampshire – Quebec
  ['US-PITTSBURG', 'Pittsburg', 'NH', 'CA-CHARTIERVILLE', 'Chartierville', 'QC'],
  // Maine – Quebec, New Brunswick
  ['US-COBURN-GORE', 'Coburn Gore', 'ME', 'CA-WOBURN', 'Woburn', 'QC'],
  ['US-JACKMAN', 'Jackman', 'ME', 'CA-ARMSTRONG', 'Armstrong', 'QC'],
  ['US-ESTCOURT-STATION', 'Estcourt Station', 'ME', 'CA-POHENEGAMOOK', 'Pohénégamook', 'QC'],
  ['US-FORT-KENT', 'Fort Kent', 'ME', 'CA-CLAIR', 'Clair', 'NB'],
  ['US-MADAWASKA', 'Madawaska', 'ME', 'CA-EDMUNDSTON', 'Edmundston', 'NB'],
  ['US-VAN-BUREN', 'Van Buren', 'ME', 'CA-ST-LEONARD', 'St. Leonard', 'NB'],
  ['US-HAMLIN', 'Hamlin', 'ME', 'CA-GRAND-FALLS', 'Grand Falls', 'NB'],
  ['US-LIMESTONE', 'Limestone', 'ME', 'CA-GILLESPIE-PORTAGE', 'Gillespie Portage', 'NB'],
  ['US-FORT-FAIRFIELD', 'Fort Fairfield', 'ME', 'CA-ANDOVER', 'Andover (Perth-Andover)', 'NB'],
  ['US-BRIDGEWATER', 'Bridgewater', 'ME', 'CA-CENTREVILLE', 'Centreville', 'NB'],
  ['US-HOULTON', 'Houlton', 'ME', 'CA-WOODSTOCK', 'Woodstock', 'NB'],
  ['US-ORIENT', 'Orient', 'ME', 'CA-FOSTERVILLE', 'Fosterville', 'NB'],
  ['US-FOREST-CITY', 'Forest City', 'ME', 'CA-FOREST-CITY', 'Forest City', 'NB'],
  ['US-VANCEBORO', 'Vanceboro', 'ME', 'CA-ST-CROIX', 'St. Croix', 'NB'],
  ['US-CALAIS', 'Calais (Ferry Point)', 'ME', 'CA-ST-STEPHEN', 'St. Stephen (Ferry Point)', 'NB'],
  [
    'US-CALAIS-INTL-AVE',
    'Calais (International Avenue)',
    'ME',
    'CA-ST-STEPHEN-3RD-BRIDGE',
    'St. Stephen (Third Bridge)',
    'NB',
  ],
  ['US-CALAIS-MILLTOWN', 'Calais (Milltown)', 'ME', 'CA-MILLTOWN', 'Milltown', 'NB'],
  ['US-LUBEC', 'Lubec', 'ME', 'CA-CAMPOBELLO', 'Campobello', 'NB'],
];

export const PORTS: ReadonlyMap<string, Port> = new Map(
  CROSSINGS.flatMap(([usCode, usName, state, caCode, caName, province, zones]): Array<[string, Port]> => [
    [
      usCode,
      {
        code: usCode,
        name: usName,
        country: 'US',
        region: state,
        time_zone: zones?.us ?? US_ZONE[state],
        facing: caCode,
      },
    ],
    [
      caCode,
      {
        code: caCode,
        name: caName,
        country: 'CA',
        region: province,
        time_zone: zones?.ca ?? CA_ZONE[province],
        facing: usCode,
      },
    ],
  ]),
);

/**
 * A port code as a record is stored with it: trimmed and upper-cased. Capture authorises a port's
 * credential on this value, the one the record keeps, never on what the request spelled.
 */
export function normalisePortCode(code: string): string {
  return code.trim().toUpperCase();
}

export function portsOf(country: 'US' | 'CA'): Port[] {
  return [...PORTS.values()].filter((p) => p.country === country);
}

/** Every IANA zone some port keeps, each once. */
export function portTimeZones(): string[] {
  return [...new Set([...PORTS.values()].map((p) => p.time_zone))];
}

/**
 * The four Phase I pilot crossings (DHS–CBSA joint notice, September 2012): Pacific Highway
 * (Blaine WA / Surrey BC), Peace Arch (Blaine WA / Douglas BC), Lewiston–Queenston Bridge and Rainbow
 * Bridge (Niagara Falls NY / ON), on both sides of the line.
 */
export const PHASE_I_PILOT_PORTS = [
  'US-BLAINE-PH',
  'CA-PACIFIC-HWY',
  'US-BLAINE-PA',
  'CA-DOUGLAS',
  'US-LEWISTON',
  'CA-QUEENSTON',
  'US-NIAGARA-RAINBOW',
  'CA-NIAGARA-RAINBOW',
];

// Reference table of US–Canada land border ports. Every crossing point has two ports facing each
// other: the US port where people enter the US, and the Canadian port where people enter Canada.
// An entry recorded at one is the exit through the other. Codes are this project's own stable
// identifiers (country, then place); the agencies' internal office numbers are not public in one
// consistent list, so the table keeps names and the facing pair instead.

export interface Port {
  code: string;
  country: 'US' | 'CA';
  name: string;
  /** State or province. */
  region: string;
  /** The port across the line. */
  facing: string;
}

// [US code, US name, state, CA code, CA name, province]
const PAIRS: Array<[string, string, string, string, string, string]> = [
  ['US-BLAINE-PH', 'Blaine (Pacific Highway)', 'WA', 'CA-PACIFIC-HWY', 'Pacific Highway', 'BC'],
  ['US-BLAINE-PA', 'Blaine (Peace Arch)', 'WA', 'CA-DOUGLAS', 'Douglas', 'BC'],
  ['US-LYNDEN', 'Lynden', 'WA', 'CA-ALDERGROVE', 'Aldergrove', 'BC'],
  ['US-SUMAS', 'Sumas', 'WA', 'CA-HUNTINGDON', 'Abbotsford-Huntingdon', 'BC'],
  ['US-POINT-ROBERTS', 'Point Roberts', 'WA', 'CA-BOUNDARY-BAY', 'Boundary Bay', 'BC'],
  ['US-OROVILLE', 'Oroville', 'WA', 'CA-OSOYOOS', 'Osoyoos', 'BC'],
  ['US-LAURIER', 'Laurier', 'WA', 'CA-CASCADE', 'Cascade', 'BC'],
  ['US-EASTPORT', 'Eastport', 'ID', 'CA-KINGSGATE', 'Kingsgate', 'BC'],
  ['US-ROOSVILLE', 'Roosville', 'MT', 'CA-ROOSVILLE', 'Roosville', 'BC'],
  ['US-SWEETGRASS', 'Sweetgrass', 'MT', 'CA-COUTTS', 'Coutts', 'AB'],
  ['US-PIEGAN', 'Piegan', 'MT', 'CA-CARWAY', 'Carway', 'AB'],
  ['US-PORTAL', 'Portal', 'ND', 'CA-NORTH-PORTAL', 'North Portal', 'SK'],
  ['US-PEMBINA', 'Pembina', 'ND', 'CA-EMERSON', 'Emerson', 'MB'],
  ['US-DUNSEITH', 'Dunseith', 'ND', 'CA-BOISSEVAIN', 'Boissevain', 'MB'],
  ['US-INTL-FALLS', 'International Falls', 'MN', 'CA-FORT-FRANCES', 'Fort Frances', 'ON'],
  ['US-GRAND-PORTAGE', 'Grand Portage', 'MN', 'CA-PIGEON-RIVER', 'Pigeon River', 'ON'],
  ['US-SAULT-STE-MARIE', 'Sault Ste. Marie', 'MI', 'CA-SAULT-STE-MARIE', 'Sault Ste. Marie', 'ON'],
  ['US-DETROIT-AMB', 'Detroit (Ambassador Bridge)', 'MI', 'CA-WINDSOR-AMB', 'Windsor (Ambassador Bridge)', 'ON'],
  ['US-DETROIT-TUN', 'Detroit (Windsor Tunnel)', 'MI', 'CA-WINDSOR-TUN', 'Windsor (Detroit-Windsor Tunnel)', 'ON'],
  ['US-PORT-HURON', 'Port Huron', 'MI', 'CA-SARNIA', 'Sarnia (Blue Water Bridge)', 'ON'],
  ['US-BUFFALO-PEACE', 'Buffalo (Peace Bridge)', 'NY', 'CA-FORT-ERIE', 'Fort Erie (Peace Bridge)', 'ON'],
  [
    'US-NIAGARA-RAINBOW',
    'Niagara Falls (Rainbow Bridge)',
    'NY',
    'CA-NIAGARA-RAINBOW',
    'Niagara Falls (Rainbow Bridge)',
    'ON',
  ],
  ['US-LEWISTON', 'Lewiston', 'NY', 'CA-QUEENSTON', 'Queenston-Lewiston Bridge', 'ON'],
  ['US-ALEXANDRIA-BAY', 'Alexandria Bay', 'NY', 'CA-LANSDOWNE', 'Lansdowne (Thousand Islands Bridge)', 'ON'],
  ['US-OGDENSBURG', 'Ogdensburg', 'NY', 'CA-PRESCOTT', 'Prescott', 'ON'],
  ['US-MASSENA', 'Massena', 'NY', 'CA-CORNWALL', 'Cornwall', 'ON'],
  ['US-CHAMPLAIN', 'Champlain', 'NY', 'CA-LACOLLE', 'St-Bernard-de-Lacolle', 'QC'],
  ['US-HIGHGATE-SPRINGS', 'Highgate Springs', 'VT', 'CA-ST-ARMAND', 'St-Armand/Philipsburg', 'QC'],
  ['US-DERBY-LINE', 'Derby Line', 'VT', 'CA-STANSTEAD', 'Stanstead', 'QC'],
  ['US-JACKMAN', 'Jackman', 'ME', 'CA-ARMSTRONG', 'Armstrong', 'QC'],
  ['US-MADAWASKA', 'Madawaska', 'ME', 'CA-EDMUNDSTON', 'Edmundston', 'NB'],
  ['US-HOULTON', 'Houlton', 'ME', 'CA-WOODSTOCK', 'Woodstock', 'NB'],
  ['US-CALAIS', 'Calais', 'ME', 'CA-ST-STEPHEN', 'St. Stephen', 'NB'],
  ['US-ALCAN', 'Alcan', 'AK', 'CA-BEAVER-CREEK', 'Beaver Creek', 'YT'],
];

export const PORTS: ReadonlyMap<string, Port> = new Map(
  PAIRS.flatMap(([usCode, usName, state, caCode, caName, province]): Array<[string, Port]> => [
    [usCode, { code: usCode, country: 'US', name: usName, region: state, facing: caCode }],
    [caCode, { code: caCode, country: 'CA', name: caName, region: province, facing: usCode }],
  ]),
);

export function portsOf(country: 'US' | 'CA'): Port[] {
  return [...PORTS.values()].filter((p) => p.country === country);
}

/**
 * The four Phase I pilot crossings (2012): Pacific Highway, Douglas/Peace Arch,
 * Lansdowne/Thousand Islands Bridge, and Queenston-Lewiston Bridge, on both sides of the line.
 */
export const PHASE_I_PILOT_PORTS = [
  'US-BLAINE-PH',
  'CA-PACIFIC-HWY',
  'US-BLAINE-PA',
  'CA-DOUGLAS',
  'US-ALEXANDRIA-BAY',
  'CA-LANSDOWNE',
  'US-LEWISTON',
  'CA-QUEENSTON',
];

// Who the simulator sends across the border: a traveller with a home country, a standing there
// (citizen, permanent resident, visitor), names from ./names.ts with the spelling variants two
// agencies write, a date of birth and a document shaped as the real one prints. Deterministic for the
// random source it is given.
import type { Country } from '../config';
import type { PersonCategory } from '../record/schema';
import { NAME_POOLS } from './names';
import { DAY_MS, utcDay } from '../calendar';

const ALNUM = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
const FOREIGN = [
  'MEX',
  'GBR',
  'DEU',
  'FRA',
  'IND',
  'CHN',
  'PHL',
  'KOR',
  'VNM',
  'UKR',
  'TUR',
  'POL',
  'EGY',
  'NOR',
  'AUS',
  'JPN',
  'BRA',
];

export const ISO3: Record<Country, string> = { US: 'USA', CA: 'CAN' };

export interface Traveller {
  home: Country;
  citizenship: string;
  /** How the traveller stands in the home country. */
  homeCategory: PersonCategory;
  surname: [string, string];
  given: [string, string];
  middle: string;
  dateOfBirth: string;
  sex: string;
  documentType: string;
  documentNumber: string;
  documentIssuer: string;
}

export function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)];
}

function variants(rand: () => number, entry: string | [string, ...string[]]): [string, string] {
  if (typeof entry === 'string') return [entry, entry];
  const first = entry[0];
  // The other agency's record usually agrees; sometimes it carries a transliteration variant.
  return [first, entry.length > 1 && rand() < 0.3 ? pick(rand, entry.slice(1)) : first];
}

export function makeTraveller(rand: () => number, day: string): Traveller {
  const home: Country = rand() < 0.5 ? 'US' : 'CA';
  const roll = rand();
  const kind = roll < 0.6 ? 'citizen' : roll < 0.8 ? 'permanent_resident' : 'visitor';
  const pool =
    kind === 'citizen'
      ? pick(
          rand,
          NAME_POOLS.filter((p) => p.citizenships.includes(ISO3[home])),
        )
      : pick(rand, NAME_POOLS);
  const citizenship =
    kind === 'citizen'
      ? ISO3[home]
      : pick(rand, pool.citizenships.filter((c) => c !== 'USA' && c !== 'CAN').concat(FOREIGN)).slice(0, 3);
  const age = 18 + Math.floor(rand() * 62);
  const birth = new Date(Date.parse(`${day}T00:00:00Z`) - (age * 365.25 + rand() * 365) * DAY_MS);
  let documentType = 'P';
  let documentIssuer = citizenship;
  if (kind === 'citizen') {
    documentType = pick(rand, home === 'US' ? ['P', 'P', 'PC', 'EDL', 'TT'] : ['P', 'P', 'EDL', 'TT']);
    documentIssuer = ISO3[home];
  } else if (kind === 'permanent_resident') {
    documentType = 'PR';
    documentIssuer = ISO3[home];
  }
  const middle = rand() < 0.3 ? variants(rand, pick(rand, pool.given))[0] : '';
  return {
    home,
    citizenship,
    homeCategory: kind as PersonCategory,
    surname: variants(rand, pick(rand, pool.surnames)),
    given: variants(rand, pick(rand, pool.given)),
    middle,
    dateOfBirth: utcDay(birth),
    sex: rand() < 0.01 ? 'X' : rand() < 0.5 ? 'M' : 'F',
    documentType,
    documentNumber: realShapedDocumentNumber(rand, documentType, documentIssuer),
    documentIssuer,
  };
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const chars = (rand: () => number, alphabet: string, n: number) =>
  Array.from({ length: n }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');

/**
 * A number shaped as the document prints it, with no check digit (src/record/documents.ts): US
 * passport a letter and 8 digits, US passport card C and 8 digits, Canadian passport 2 letters and
 * 6 digits, green card 3 letters and 10 digits; other documents 9 letters and digits.
 */
export function realShapedDocumentNumber(rand: () => number, documentType: string, issuer: string): string {
  if (documentType === 'P' && issuer === 'USA') return chars(rand, LETTERS, 1) + chars(rand, '0123456789', 8);
  if (documentType === 'PC' && issuer === 'USA') return `C${chars(rand, '0123456789', 8)}`;
  if (documentType === 'P' && issuer === 'CAN') return chars(rand, LETTERS, 2) + chars(rand, '0123456789', 6);
  if (documentType === 'PR' && issuer === 'USA')
    return pick(rand, ['SRC', 'EAC', 'LIN', 'WAC', 'IOE']) + chars(rand, '0123456789', 10);
  if (documentType === 'PR' && issuer === 'CAN') return chars(rand, LETTERS, 2) + chars(rand, '0123456789', 7);
  if (documentType === 'EDL' || documentType === 'TT') return chars(rand, '0123456789', 9);
  return chars(rand, ALNUM, 9);
}

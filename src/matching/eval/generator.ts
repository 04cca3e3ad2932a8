// A generator of own entries and partner exits with known truth, for measuring the matcher. It
// models what two agencies' systems do to one traveller independently of how the matcher works:
// names from many cultures written in their own script, romanised by different schemes on each side,
// MRZ truncation, keying errors, swapped and dropped names, date and document errors, travellers
// crossing with another document, missing fields; and people who are not the same but look alike:
// relatives travelling together (same surname, citizenship, port and time), twins (same birth date,
// consecutive passport numbers), namesakes with the same birth date, and repeat travellers whose
// earlier exit must not close a later stay.
// Longer than 300 lines because `generate` is one closure over one seeded random stream whose draws
// come in a fixed order (the published figures depend on that order); the rates and the name data
// are apart (above, names.ts, transliteration.ts), and cutting the closure would only thread the
// stream through more parameters.
import { withCheckDigit } from '../../record/check-digit';
import type { MatchInput } from '../prepare';
import { CULTURES, type Culture } from './names';
import { seededRandom as rng } from '../../simulator/random';
import { latinWritten, romaniseCyrillic } from './transliteration';

export type NoiseLevel = 'realistic' | 'harsh';

interface Rates {
  nameTypo: number;
  swapNames: number;
  dropMiddle: number;
  middleIntoFirst: number;
  initialOnly: number;
  translitDiffers: number;
  dobOneDigit: number;
  dobDayMonth: number;
  dobWrong: number;
  docTypo: number;
  docOther: number;
  docMissing: number;
  fieldMissing: number;
  timeMissing: number;
  caseAndPunctuation: number;
}

// Per record, per field. "realistic" follows published data-quality figures for border and civil
// registration data (1-3% keying errors per name, ~1% date errors); "harsh" is several times that,
// with errors combined, to show how the matcher degrades.
export const NOISE_RATES: Record<NoiseLevel, Rates> = {
  realistic: {
    nameTypo: 0.02,
    swapNames: 0.01,
    dropMiddle: 0.15,
    middleIntoFirst: 0.02,
    initialOnly: 0.005,
    translitDiffers: 0.3,
    dobOneDigit: 0.01,
    dobDayMonth: 0.005,
    dobWrong: 0.002,
    docTypo: 0.01,
    docOther: 0.04,
    docMissing: 0.01,
    fieldMissing: 0.01,
    timeMissing: 0.01,
    caseAndPunctuation: 0.2,
  },
  harsh: {
    nameTypo: 0.1,
    swapNames: 0.05,
    dropMiddle: 0.4,
    middleIntoFirst: 0.06,
    initialOnly: 0.03,
    translitDiffers: 0.7,
    dobOneDigit: 0.05,
    dobDayMonth: 0.02,
    dobWrong: 0.01,
    docTypo: 0.06,
    docOther: 0.12,
    docMissing: 0.05,
    fieldMissing: 0.05,
    timeMissing: 0.05,
    caseAndPunctuation: 0.5,
  },
};

interface Person {
  culture: Culture;
  surname: string;
  first: string;
  middle: string;
  sex: 'M' | 'F';
  dob: string;
  citizenship: string;
  doc: { type: string; number: string; issuer: string };
  altDoc: { type: string; number: string; issuer: string };
}

export interface GeneratedData {
  own: MatchInput[];
  partner: MatchInput[];
  /** partner id → own id, for each partner record that is the exit of an own entry. */
  truth: Map<string, string>;
  counts: { persons: number; truePairs: number; distractors: Record<string, number> };
}

export interface GenerateOptions {
  /** How many travellers with a true entry–exit pair (before distractors). */
  pairs: number;
  level: NoiseLevel;
  seed: number;
}

const DOC_LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

export function generate(opts: GenerateOptions): GeneratedData {
  const r = rng(opts.seed);
  const rates = NOISE_RATES[opts.level];
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const chance = (p: number) => r() < p;
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');

  const docNumber = (issuer: string) => {
    const letters = issuer === 'USA' || issuer === 'CAN' ? '' : pick([...DOC_LETTERS]) + pick([...DOC_LETTERS]);
    let body = letters;
    while (body.length < 8) body += String(int(0, 9));
    return withCheckDigit(body);
  };
  const nextDocNumber = (num: string) => {
    // The following number from the same issuing batch (siblings' and twins' passports).
    const body = num.slice(0, -1);
    const digits = body.replace(/^[A-Z]+/, '');
    const next = String(Number(digits) + 1)
      .padStart(digits.length, '0')
      .slice(-digits.length);
    return withCheckDigit(body.slice(0, body.length - digits.length) + next);
  };
  const randomDob = (minYear = 1940, maxYear = 2020) =>
    `${int(minYear, maxYear)}-${pad(int(1, 12))}-${pad(int(1, 28))}`;
  const makeDoc = (citizenship: string) => {
    const issuer = citizenship === 'D' ? 'DEU' : citizenship;
    const type =
      citizenship === 'USA'
        ? pick(['P', 'P', 'PC', 'EDL', 'TT'])
        : citizenship === 'CAN'
          ? pick(['P', 'P', 'TT', 'EDL'])
          : pick(['P', 'P', 'P', 'PR']);
    return { type, number: docNumber(issuer), issuer };
  };

  // The other document a traveller may cross with: another kind (passport card, NEXUS, PR card), or
  // the passport of a second citizenship.
  const otherDocument = (citizenship: string, main: { type: string; issuer: string }) => {
    const kinds =
      citizenship === 'USA' ? ['P', 'PC', 'EDL', 'TT'] : citizenship === 'CAN' ? ['P', 'TT', 'EDL'] : ['PR', 'P'];
    const type = pick(kinds.filter((k) => k !== main.type));
    const issuer = type === 'P' && main.type === 'P' ? pick(['USA', 'CAN', 'GBR', 'FRA', 'ITA', 'IRL']) : main.issuer;
    return { type, number: docNumber(issuer), issuer: type === 'PR' ? pick(['USA', 'CAN']) : issuer };
  };
  const makePerson = (culture: Culture, override: Partial<Person> = {}): Person => {
    const sex = override.sex ?? (chance(0.5) ? 'M' : 'F');
    let surname = override.surname ?? pick(culture.surnames);
    if (override.surname === undefined && culture.compoundSurname && chance(culture.compoundSurname))
      surname += ` ${pick(culture.surnames)}`;
    if (culture.cyrillic && sex === 'F' && override.surname === undefined)
      surname = surname.replace(/(ов|ев|ёв|ин)$/, '$1а');
    const citizenship = override.citizenship ?? pick(culture.countries);
    const doc = override.doc ?? makeDoc(citizenship);
    return {
      culture,
      surname,
      first: override.first ?? pick(sex === 'M' ? culture.male : culture.female),
      middle: override.middle ?? (culture.middle && chance(culture.middleRate) ? culture.middle(r, sex, pick) : ''),
      sex,
      dob: override.dob ?? randomDob(),
      citizenship,
      doc,
      altDoc: otherDocument(citizenship, doc),
    };
  };

  const typo = (s: string): string => {
    if (s.length < 2) return s;
    const i = int(0, s.length - 1);
    const letter = String.fromCharCode(65 + int(0, 25));
    const upper = s === s.toUpperCase();
    const l = upper ? letter : letter.toLowerCase();
    switch (int(0, 3)) {
      case 0:
        return s.slice(0, i) + l + s.slice(i + 1);
      case 1:
        return s.slice(0, i) + s.slice(i + 1);
      case 2:
        return s.slice(0, i) + l + s.slice(i);
      default:
        return i + 1 < s.length ? s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2) : s.slice(0, i) + l;
    }
  };
  const variantOf = (culture: Culture, name: string): string => {
    const set = culture.variants?.find((v) => v.includes(name));
    return set ? pick(set) : name;
  };

  // How one agency's system writes this person on one crossing.
  const render = (p: Person, id: string, enteredAt: string, useAltDoc: boolean, noisy: boolean): MatchInput => {
    const cyrScheme = chance(rates.translitDiffers) ? int(0, 2) : 0;
    const latinMode = chance(rates.translitDiffers) ? int(0, 2) : 1;
    const write = (name: string) =>
      name === ''
        ? ''
        : p.culture.cyrillic
          ? romaniseCyrillic(name, cyrScheme)
          : latinWritten(chance(rates.translitDiffers / 2) ? variantOf(p.culture, name) : name, latinMode);
    let surname = write(p.surname);
    let first = write(p.first);
    let middle = write(p.middle);
    let dob = p.dob;
    let doc = useAltDoc ? p.altDoc : p.doc;
    let docNumber: string = doc.number;
    let citizenship = p.citizenship;
    let sex: string = p.sex;
    let entered: string = enteredAt;
    if (noisy) {
      if (chance(p.culture.familyFirst ? rates.swapNames * 3 : rates.swapNames)) [surname, first] = [first, surname];
      if (middle !== '' && chance(rates.dropMiddle)) middle = '';
      if (middle !== '' && chance(rates.middleIntoFirst)) [first, middle] = [`${first} ${middle}`, ''];
      if (chance(rates.nameTypo)) surname = typo(surname);
      if (chance(rates.nameTypo)) first = typo(first);
      if (middle !== '' && chance(rates.nameTypo)) middle = typo(middle);
      if (first.length > 1 && chance(rates.initialOnly)) first = first[0];
      if (chance(rates.dobOneDigit)) {
        const digits = dob.replace(/-/g, '').split('');
        digits[int(0, 7)] = String(int(0, 9));
        const d = digits.join('');
        dob = `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}`; // may be an impossible date
      }
      if (chance(rates.dobDayMonth) && Number(dob.slice(8)) <= 12)
        dob = `${dob.slice(0, 4)}-${dob.slice(8)}-${dob.slice(5, 7)}`;
      if (chance(rates.dobWrong)) dob = randomDob();
      if (chance(rates.docTypo)) {
        // Mostly a keying error the check digit exposes; sometimes a system recomputed the digit.
        docNumber = chance(0.2)
          ? withCheckDigit(typo(docNumber.slice(0, -1)).replace(/[^A-Z0-9]/g, '0') || '0')
          : typo(docNumber);
      }
      if (chance(rates.docOther)) doc = useAltDoc ? p.doc : p.altDoc;
      if (doc !== (useAltDoc ? p.altDoc : p.doc)) docNumber = doc.number;
      if (chance(rates.docMissing)) docNumber = '';
      if (chance(rates.fieldMissing)) citizenship = '';
      if (chance(rates.fieldMissing)) sex = '';
      if (chance(rates.fieldMissing)) first = '';
      if (chance(rates.fieldMissing / 2)) dob = '';
      if (chance(rates.fieldMissing / 4)) surname = '';
      if (chance(rates.timeMissing)) entered = '';
      if (chance(rates.caseAndPunctuation)) {
        const f = pick([
          (s: string) => s.toUpperCase(),
          (s: string) => s.toLowerCase(),
          (s: string) => s.replace(/'/g, '’'),
          (s: string) => s.replace(/[-']/g, ' '),
          (s: string) => ` ${s}  `,
        ]);
        surname = f(surname);
        first = f(first);
      }
    }
    // The machine-readable zone holds 39 characters of name: SURNAME<<GIVEN<NAMES, cut at the end.
    const mrz = `${surname}<<${[first, middle].filter(Boolean).join('<')}`.replace(/ /g, '<');
    if (mrz.length > 39 && chance(0.5)) {
      const cut = mrz.slice(0, 39);
      const [s, g = ''] = cut.split('<<');
      const given = g.split('<').filter(Boolean);
      surname = s.replace(/</g, ' ');
      first = given[0] ?? '';
      middle = given.slice(1).join(' ');
    }
    const citizenshipForm = citizenship === 'DEU' && chance(0.3) ? 'D' : citizenship;
    return {
      id,
      surname,
      first_name: first,
      middle_names: middle,
      date_of_birth: dob,
      citizenship: citizenshipForm,
      sex,
      document_type: doc.type,
      document_number: docNumber,
      document_issuer: doc.issuer,
      port_of_entry: 'BLAINE',
      entered_at: entered,
    };
  };

  const own: MatchInput[] = [];
  const partner: MatchInput[] = [];
  const truth = new Map<string, string>();
  const distractors: Record<string, number> = {
    own_only: 0,
    partner_only: 0,
    relatives: 0,
    twins: 0,
    namesakes: 0,
    repeat_trips: 0,
    earlier_exit: 0,
  };
  const windowStart = Date.parse('2026-11-01T00:00:00Z');
  const iso = (ms: number) => new Date(ms).toISOString();
  let ownSeq = 0;
  let partnerSeq = 0;
  const ownId = () => `E${opts.seed}-${(ownSeq++).toString(36)}`;
  const partnerId = () => `X${opts.seed}-${(partnerSeq++).toString(36)}`;
  // Each side's noise is independent; the own side is captured at the port from the document (MRZ),
  // so it is cleaner, but not clean.
  const trip = (p: Person, entryMs: number, exitMs: number, withEntry: boolean, withExit: boolean) => {
    const useAlt = chance(rates.docOther);
    const o = withEntry ? render(p, ownId(), iso(entryMs), useAlt, chance(0.5)) : undefined;
    const x = withExit ? render(p, partnerId(), iso(exitMs), useAlt, true) : undefined;
    if (o) own.push(o);
    if (x) partner.push(x);
    if (o && x) truth.set(x.id, o.id);
  };

  let persons = 0;
  for (let i = 0; i < opts.pairs; i++) {
    const culture = pick(CULTURES);
    const p = makePerson(culture);
    persons++;
    const entryMs = windowStart + int(0, 20 * 86400) * 1000;
    const exitMs = entryMs + int(3600, 30 * 86400) * 1000;
    trip(p, entryMs, exitMs, true, true);
    if (chance(0.05)) {
      // A repeat traveller: a second stay after the first, its exit after its entry.
      const entry2 = exitMs + int(3600, 10 * 86400) * 1000;
      trip(p, entry2, entry2 + int(3600, 10 * 86400) * 1000, true, true);
      distractors.repeat_trips++;
    }
    if (chance(0.03)) {
      // The exit that ended an earlier stay whose entry is outside our data: before this entry.
      trip(p, 0, entryMs - int(86400, 60 * 86400) * 1000, false, true);
      distractors.earlier_exit++;
    }
    if (chance(0.06)) {
      // A relative travelling with them: same surname, citizenship, port and time; only sometimes leaves.
      const kind = r();
      const twin = kind < 0.25;
      const names = p.sex === 'M' ? culture.male : culture.female;
      const relative = makePerson(culture, {
        surname: p.surname,
        sex: p.sex,
        first: pick(names.filter((n) => n !== p.first)), // parents do not give twins one name
        citizenship: p.citizenship,
        dob: twin
          ? p.dob
          : kind < 0.6
            ? randomDob(Number(p.dob.slice(0, 4)) - 8, Number(p.dob.slice(0, 4)) + 8)
            : randomDob(Number(p.dob.slice(0, 4)) + 20, Math.min(2020, Number(p.dob.slice(0, 4)) + 40)),
        doc: twin ? { ...p.doc, number: nextDocNumber(p.doc.number) } : undefined,
      });
      persons++;
      trip(relative, entryMs, exitMs + 60_000, true, chance(0.5));
      distractors[twin ? 'twins' : 'relatives']++;
    }
    if (chance(0.003)) {
      // Someone else with the same name and birth date, in the country at the same time.
      const namesake = makePerson(culture, { surname: p.surname, first: p.first, dob: p.dob, sex: p.sex, middle: '' });
      persons++;
      trip(namesake, entryMs + int(-5, 5) * 86400_000, 0, true, false);
      distractors.namesakes++;
    }
  }
  // Travellers who are still here (entry, no exit) and who left after entering before our data began.
  for (let i = 0; i < opts.pairs * 0.3; i++) {
    const p = makePerson(pick(CULTURES));
    persons++;
    trip(p, windowStart + int(0, 20 * 86400) * 1000, 0, true, false);
    distractors.own_only++;
  }
  for (let i = 0; i < opts.pairs * 0.2; i++) {
    const p = makePerson(pick(CULTURES));
    persons++;
    trip(p, 0, windowStart + int(0, 40 * 86400) * 1000, false, true);
    distractors.partner_only++;
  }
  // Batches arrive in no particular order.
  for (const list of [own, partner]) {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
  }
  return { own, partner, truth, counts: { persons, truePairs: truth.size, distractors } };
}

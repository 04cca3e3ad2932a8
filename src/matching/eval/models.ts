// Two noise models written apart from the matcher and from the two-agency generator, in the shape of
// an outside evaluation: four fields only (given name, surname, date of birth, document number), no
// citizenship, sex, middle names or times, so none of the matcher's other evidence or timing rules
// can help. Names are drawn with a skewed (Zipf) frequency, so common names repeat across unrelated
// people as they do in real traffic.
// - `replace`: whole values replaced (another name, a renewed passport, a date years off) and
//   several fields corrupted at once;
// - `missing`: fields left empty, given name and surname swapped, a second given name added or
//   dropped, and ordinary typos.
// Each model also adds people seen on one side only and relatives (same surname, close birth dates).
import { withCheckDigit } from '../../record/check-digit';
import type { MatchInput } from '../prepare';
import type { GeneratedData } from './generator';
import { CULTURES } from './names';
import { seededRandom as rng } from '../../simulator/random';
import { latinWritten, romaniseCyrillic } from './transliteration';

export type IndependentNoiseModel = 'replace' | 'missing';

interface Person {
  surname: string;
  first: string;
  dob: string;
  doc: string;
}

const FIELDS = ['surname', 'first', 'dob', 'doc'] as const;
type Field = (typeof FIELDS)[number];

export function generateIndependent(opts: {
  pairs: number;
  model: IndependentNoiseModel;
  seed: number;
}): GeneratedData {
  const r = rng(opts.seed * 7919 + (opts.model === 'replace' ? 1 : 2));
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const chance = (p: number) => r() < p;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const pad = (n: number) => String(n).padStart(2, '0');

  // One flat list of written names per kind; a Zipf draw makes the first ones common.
  const written = (name: string, cyrillic: boolean) => (cyrillic ? romaniseCyrillic(name, 0) : latinWritten(name, 2));
  const surnames = [...new Set(CULTURES.flatMap((c) => c.surnames.map((n) => written(n, !!c.cyrillic))))];
  const givens = [...new Set(CULTURES.flatMap((c) => [...c.male, ...c.female].map((n) => written(n, !!c.cyrillic))))];
  for (const list of [surnames, givens])
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
  const zipf = (list: string[]) => {
    // Log-uniform rank: P(rank k) ≈ 1/k, so a few names are common and most are rare.
    const u = r();
    return list[Math.min(list.length - 1, Math.floor(Math.exp(u * Math.log(list.length + 1))) - 1)];
  };
  const randomDob = () => `${int(1930, 2010)}-${pad(int(1, 12))}-${pad(int(1, 28))}`;
  const randomDoc = () => {
    let body = chance(0.5) ? pick([...'ABCDEFGHJKLMNPRSTUVWXYZ']) + pick([...'ABCDEFGHJKLMNPRSTUVWXYZ']) : '';
    while (body.length < 8) body += String(int(0, 9));
    return withCheckDigit(body);
  };
  const person = (): Person => ({ surname: zipf(surnames), first: zipf(givens), dob: randomDob(), doc: randomDoc() });

  const typo = (s: string): string => {
    if (s.length < 2) return s;
    const i = int(0, s.length - 1);
    const c = String.fromCharCode(65 + int(0, 25));
    switch (int(0, 3)) {
      case 0:
        return s.slice(0, i) + c + s.slice(i + 1);
      case 1:
        return s.slice(0, i) + s.slice(i + 1);
      case 2:
        return s.slice(0, i) + c + s.slice(i);
      default:
        return i + 1 < s.length ? s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2) : s;
    }
  };
  const digitsChanged = (dob: string, n: number) => {
    const d = dob.replace(/-/g, '').split('');
    for (let k = 0; k < n; k++) d[int(0, 7)] = String(int(0, 9));
    const s = d.join('');
    return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6)}`;
  };
  const corrupt: Record<Field, (p: Person) => string> = {
    surname: (p) => (chance(0.6) ? zipf(surnames) : chance(0.5) ? typo(typo(p.surname)) : typo(p.surname)),
    first: (p) => (chance(0.6) ? zipf(givens) : chance(0.5) ? typo(typo(p.first)) : typo(p.first)),
    dob: (p) => {
      const u = r();
      const year = Number(p.dob.slice(0, 4));
      if (u < 0.4) return `${year + (chance(0.5) ? 1 : -1) * int(1, 10)}${p.dob.slice(4)}`;
      if (u < 0.6) return `${p.dob.slice(0, 4)}-${p.dob.slice(8)}-${p.dob.slice(5, 7)}`; // may be impossible
      if (u < 0.8) return randomDob();
      return digitsChanged(p.dob, 2);
    },
    doc: (p) => (chance(0.6) ? randomDoc() : chance(0.5) ? typo(typo(p.doc)) : typo(p.doc)),
  };

  const render = (p: Person, id: string, side: 'own' | 'partner'): MatchInput => {
    const v: Record<Field, string> = { surname: p.surname, first: p.first, dob: p.dob, doc: p.doc };
    if (side === 'own') {
      // The side that reads the document: a little noise only.
      if (chance(0.02)) v.surname = typo(v.surname);
      if (chance(0.02)) v.first = typo(v.first);
      if (chance(0.01)) v.dob = digitsChanged(v.dob, 1);
      if (chance(0.02)) v.doc = '';
    } else if (opts.model === 'replace') {
      const u = r();
      const k = u < 0.35 ? 0 : u < 0.7 ? 1 : u < 0.95 ? 2 : 3;
      const fields = [...FIELDS].sort(() => r() - 0.5).slice(0, k);
      for (const f of fields) v[f] = corrupt[f](p);
    } else {
      if (chance(0.25)) [v.surname, v.first] = [v.first, v.surname];
      if (chance(0.08)) v.first = `${v.first} ${zipf(givens)}`;
      if (chance(0.06)) v.surname = `${v.surname} ${zipf(surnames)}`;
      if (chance(0.06)) v.surname = typo(v.surname);
      if (chance(0.06)) v.first = typo(v.first);
      if (chance(0.03)) v.dob = digitsChanged(v.dob, 1);
      // Missing fields, at least two of the four kept.
      const order = [...FIELDS].sort(() => r() - 0.5);
      let dropped = 0;
      for (const f of order)
        if (dropped < 2 && chance(0.15)) {
          v[f] = '';
          dropped++;
        }
    }
    return { id, surname: v.surname, first_name: v.first, date_of_birth: v.dob, document_number: v.doc };
  };

  const own: MatchInput[] = [];
  const partner: MatchInput[] = [];
  const truth = new Map<string, string>();
  const distractors: Record<string, number> = { own_only: 0, partner_only: 0, relatives: 0 };
  const prefix = `${opts.model[0].toUpperCase()}${opts.seed}`;
  const add = (p: Person, withOwn: boolean, withPartner: boolean) => {
    const o = withOwn ? render(p, `${prefix}o${own.length}`, 'own') : undefined;
    const x = withPartner ? render(p, `${prefix}p${partner.length}`, 'partner') : undefined;
    if (o) own.push(o);
    if (x) partner.push(x);
    if (o && x) truth.set(x.id, o.id);
  };
  let persons = 0;
  for (let i = 0; i < opts.pairs; i++) {
    const p = person();
    add(p, true, true);
    persons++;
    if (chance(0.08)) {
      // A relative: same surname, birth within a few years, their own passport; often crosses too.
      const year = Number(p.dob.slice(0, 4)) + int(-5, 5);
      const relative = { ...person(), surname: p.surname, dob: `${year}${randomDob().slice(4)}` };
      add(relative, true, chance(0.5));
      persons++;
      distractors.relatives++;
    }
  }
  for (let i = 0; i < opts.pairs * 0.25; i++, persons++, distractors.own_only++) add(person(), true, false);
  for (let i = 0; i < opts.pairs * 0.2; i++, persons++, distractors.partner_only++) add(person(), false, true);
  for (const list of [own, partner])
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
  return { own, partner, truth, counts: { persons, truePairs: truth.size, distractors } };
}

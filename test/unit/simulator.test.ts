// The simulator's generator: deterministic, valid, varied.
import { documentNumberProblem, KNOWN_FORMATS } from '../../src/record/documents';
import { localDateAtPort } from '../../src/record/local-day';
import { PORTS } from '../../src/record/ports';
import { parseCapturedEntry } from '../../src/record/schema';
import { isInScope } from '../../src/scope/rules';
import { simulateTraffic } from '../../src/simulator/generate';

describe('traffic simulator', () => {
  const request = { from: '2026-11-01', days: 10, perDay: 400, seed: 5 };
  const traffic = simulateTraffic(request);
  const all = [...traffic.US, ...traffic.CA];

  it('is deterministic for a seed and differs between seeds', () => {
    expect(simulateTraffic(request)).toEqual(traffic);
    expect(simulateTraffic({ ...request, seed: 6 }).US[0]).not.toEqual(traffic.US[0]);
  });

  it('draws the exempt groups on request from a stream of their own: valid captures, never in scope, the rest unchanged', () => {
    const withExempt = simulateTraffic({ ...request, exemptShare: 0.5 });
    const strip = (t: typeof traffic) =>
      [...t.US, ...t.CA].map((e) => [e.id, e.surname, e.entered_at, e.port_of_entry, e.citizenship]);
    expect(strip(withExempt)).toEqual(strip(traffic));
    const exempt = [...withExempt.US, ...withExempt.CA].filter((e) => e.exempt_group);
    const groups = new Set(exempt.map((e) => e.exempt_group));
    expect([...groups].sort()).toEqual(['protected_person', 'registered_indian']);
    for (const e of exempt) {
      expect(parseCapturedEntry(e).ok).toBe(true);
      expect(isInScope(e, localDateAtPort(e.entered_at, e.port_of_entry))).toBe(false);
      if (e.exempt_group === 'protected_person') expect([e.document_type, e.document_issuer]).toEqual(['CR', 'CAN']);
      else expect(e.citizenship).toBe('CAN');
    }
    expect(all.some((e) => 'exempt_group' in e)).toBe(false);
  });

  it('captures later returns home up to returnsUntil, in time order, and never after it', () => {
    const day = { from: '2026-05-01', days: 1, perDay: 300, seed: 3 };
    const cut = simulateTraffic(day);
    const cutoff = '2026-11-28T00:00:00Z';
    const full = simulateTraffic({ ...day, returnsUntil: cutoff });
    const backs = (t: typeof cut) => [...t.US, ...t.CA].filter((e) => e.id.endsWith('-back'));
    // Without it only same-day returns; with it all but the ~3% who never return and the rare long stays.
    expect(backs(full).length).toBeGreaterThan(backs(cut).length);
    expect(backs(full).length / day.perDay).toBeGreaterThan(0.9);
    expect(backs(full).length / day.perDay).toBeLessThan(1);
    for (const e of backs(full)) expect(Date.parse(e.entered_at)).toBeLessThanOrEqual(Date.parse(cutoff));
    const early = simulateTraffic({ ...day, returnsUntil: '2026-05-10T00:00:00Z' });
    expect(backs(early).length).toBeLessThan(backs(full).length);
    expect(backs(early).every((e) => Date.parse(e.entered_at) <= Date.parse('2026-05-10T00:00:00Z'))).toBe(true);
    for (const country of ['US', 'CA'] as const) {
      const times = full[country].map((e) => Date.parse(e.entered_at));
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
  });

  it("produces valid captures at the capturing node's own ports, with unique ids", () => {
    for (const country of ['US', 'CA'] as const) {
      for (const e of traffic[country]) {
        const parsed = parseCapturedEntry(e);
        if (!parsed.ok) throw new Error(`${e.id}: ${parsed.problems.join('; ')}`);
        expect(PORTS.get(e.port_of_entry)!.country).toBe(country);
      }
    }
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
  });

  it('is realistic: round trips, diacritics and variants, citizenship mix, stays, and some who never return', () => {
    const outs = all.filter((e) => e.id.endsWith('-out'));
    const backs = all.filter((e) => e.id.endsWith('-back'));
    expect(outs).toHaveLength(request.days * request.perDay);
    expect(backs.length / outs.length).toBeGreaterThan(0.4); // returns after the last day are not yet captured
    expect(backs.length / outs.length).toBeLessThan(0.97);
    expect(all.some((e) => /[^\x20-\x7e]/.test(e.surname))).toBe(true);
    // The same trip's two records sometimes spell the name differently (transliteration).
    const byTrip = new Map(outs.map((e) => [e.id.replace(/^(US|CA)-/, '').replace(/-out$/, ''), e]));
    const variants = backs.filter((b) => {
      const out = byTrip.get(b.id.replace(/^(US|CA)-/, '').replace(/-back$/, ''));
      return (
        out &&
        out.document_number === b.document_number &&
        (out.surname !== b.surname || out.first_name !== b.first_name)
      );
    });
    expect(variants.length).toBeGreaterThan(0);
    const citizenships = new Set(all.map((e) => e.citizenship));
    expect(citizenships.size).toBeGreaterThan(10);
    expect(all.filter((e) => e.citizenship === 'USA' || e.citizenship === 'CAN').length / all.length).toBeGreaterThan(
      0.4,
    );
    expect(all.some((e) => e.admit_until)).toBe(true);
    const hours = new Set(all.map((e) => e.entered_at.slice(11, 13)));
    expect(hours.size).toBeGreaterThan(12);
  });

  it('generates what real traffic holds: numbers as printed, crossings near midnight in many zones, PR cards (issue 14)', () => {
    // Numbers as printed, no check digit: every published format is met (docs/rules.md, "Document numbers").
    for (const e of all)
      expect(documentNumberProblem(e.document_number, e.document_type, e.document_issuer)).toBeNull();
    const usPassports = all.filter((e) => e.document_type === 'P' && e.document_issuer === 'USA');
    expect(usPassports.length).toBeGreaterThan(50);
    // Every published format appears; the simulator records a US passport card as a passport (P, same number).
    const issued = KNOWN_FORMATS.filter((f) =>
      all.some((e) => e.document_type === f.documentType && e.document_issuer === f.issuer),
    );
    expect(issued.map((f) => `${f.documentType}/${f.issuer}`).sort()).toEqual(['P/CAN', 'P/USA', 'PR/USA']);
    // Evening and overnight crossings whose local day differs from their UTC day, in several zones.
    const shifted = all.filter(
      (e) => localDateAtPort(e.entered_at, e.port_of_entry) !== new Date(e.entered_at).toISOString().slice(0, 10),
    );
    expect(shifted.length / all.length).toBeGreaterThan(0.05);
    expect(new Set(shifted.map((e) => PORTS.get(e.port_of_entry)!.time_zone)).size).toBeGreaterThanOrEqual(5);
    // Some port clocks write UTC, the rest their local offset: the local day must not depend on it.
    expect(all.some((e) => e.entered_at.endsWith('Z'))).toBe(true);
    expect(all.some((e) => /[+-]\d{2}:\d{2}$/.test(e.entered_at))).toBe(true);
    // Permanent residents come home with their cards: a green card into the US, a PR card into Canada.
    const prHome = all.filter((e) => e.category === 'permanent_resident');
    expect(prHome.length).toBeGreaterThan(10);
    for (const e of prHome)
      expect([e.document_type, e.document_issuer]).toEqual([
        'PR',
        PORTS.get(e.port_of_entry)!.country === 'US' ? 'USA' : 'CAN',
      ]);
  });
});

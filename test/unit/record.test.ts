import { hasValidCheckDigit, icaoCheckDigit, withCheckDigit } from '../../src/record/check-digit';
import { normaliseCountryCode } from '../../src/record/countries';
import { PORTS } from '../../src/record/ports';
import { EXCHANGED_FIELDS, parseCapturedEntry, parseExchangeRecord, toExchangeRecord } from '../../src/record/schema';

const valid = {
  id: 'us-2026-11-27-000017',
  surname: 'Müller-Lüdenscheidt',
  first_name: 'José',
  middle_names: "Ana O'Neil",
  date_of_birth: '1980-02-29',
  citizenship: 'D',
  sex: 'f',
  document_type: 'p',
  document_number: withCheckDigit('C01X00T4'),
  document_issuer: 'DEU',
  port_of_entry: 'US-BLAINE-PH',
  entered_at: '2026-11-27T09:15:00-08:00',
};

describe('ICAO 9303 check digit', () => {
  it('computes the 7-3-1 mod 10 digit of the specimen passport number', () => {
    // ICAO 9303 Part 3 specimen: document number L898902C3 has check digit 6.
    expect(icaoCheckDigit('L898902C3')).toBe(6);
    expect(hasValidCheckDigit('L898902C36')).toBe(true);
    expect(hasValidCheckDigit('L898902C37')).toBe(false);
    expect(icaoCheckDigit('AB-1')).toBeUndefined();
  });
});

describe('the exchanged record', () => {
  it('normalises a valid record', () => {
    const parsed = parseExchangeRecord(valid);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value).toMatchObject({
      citizenship: 'DEU',
      sex: 'F',
      document_type: 'P',
      entered_at: '2026-11-27T17:15:00.000Z',
    });
    expect(Object.keys(parsed.value).sort()).toEqual([...EXCHANGED_FIELDS].sort());
  });

  it('refuses any field outside the agreed elements (data minimisation)', () => {
    const parsed = parseExchangeRecord({ ...valid, licence_plate: 'ABC123' });
    expect(parsed).toEqual({
      ok: false,
      problems: [expect.stringMatching(/outside the agreed data elements: "licence_plate"/)],
    });
  });

  it('explains each problem by field, never echoing the value', () => {
    const parsed = parseExchangeRecord({
      ...valid,
      date_of_birth: '1981-02-29',
      document_type: 'X',
      document_number: 'C0#3',
      surname: 'Robert"); DROP TABLE entries;--',
      port_of_entry: 'NOWHERE',
      entered_at: '2026-11-27 09:15',
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const text = parsed.problems.join('\n');
    expect(text).toMatch(/date_of_birth must be a real date/);
    expect(text).toMatch(/document_type must be one of P, PC, ID/);
    expect(text).toMatch(/document_number must be letters A-Z and digits 0-9 only/);
    expect(text).toMatch(/surname has characters a surname cannot hold/);
    expect(text).toMatch(/port_of_entry is not a known land port/);
    expect(text).toMatch(/entered_at must be an ISO 8601 date and time with an offset/);
    expect(text).not.toMatch(/DROP TABLE|NOWHERE|Robert/);
  });

  it('requires the mandatory fields and a JSON object', () => {
    const parsed = parseExchangeRecord({ id: 'x1' });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems).toContain('surname is required');
    const notObject = parseExchangeRecord([1, 2]);
    expect(notObject.ok).toBe(false);
  });

  it('refuses a date of birth after the entry', () => {
    const parsed = parseExchangeRecord({ ...valid, date_of_birth: '2026-11-28' });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems).toEqual(['date_of_birth is after the date of entry']);
  });

  it('keeps local capture data (category, admit_until) out of what is exchanged', () => {
    const captured = parseCapturedEntry({ ...valid, category: 'visitor', admit_until: '2027-05-27' });
    expect(captured.ok).toBe(true);
    if (!captured.ok) return;
    const outgoing = toExchangeRecord(captured.value);
    expect(outgoing).not.toHaveProperty('category');
    expect(outgoing).not.toHaveProperty('admit_until');
    expect(parseExchangeRecord(outgoing).ok).toBe(true);
    const early = parseCapturedEntry({ ...valid, admit_until: '2026-11-01' });
    expect(early.ok).toBe(false);
  });
});

describe('reference data', () => {
  it('maps ICAO country variants to alpha-3', () => {
    expect(normaliseCountryCode('D')).toBe('DEU');
    expect(normaliseCountryCode(' can ')).toBe('CAN');
    expect(normaliseCountryCode('GBD')).toBe('GBD');
  });

  it('pairs every port with the port facing it across the line', () => {
    for (const port of PORTS.values()) {
      const facing = PORTS.get(port.facing);
      expect(facing?.facing).toBe(port.code);
      expect(facing?.country).not.toBe(port.country);
    }
  });
});

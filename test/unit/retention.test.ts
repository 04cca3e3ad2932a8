// Retention rules as pure code: periods per node, kind and category; effective dates; legal ceilings.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../src/config';
import { loadRetentionRules } from '../../src/config/retention';
import { historyRetentionCeilingDays } from '../../src/retention/history-retention';
import { readNodeConfig } from '../../src/config';
import { addYearsToInstant as addYears } from '../../src/calendar';
import {
  cutoffsFor,
  DEFAULT_RETENTION_RULES,
  entryCategory,
  exitCategory,
  expiresAt,
  parseRetentionRules,
  retainUntilDay,
  ruleFor,
  shortestRetentionYears,
  type RetentionRule,
} from '../../src/retention/rules';

const NOW = new Date('2026-11-28T12:00:00Z');

describe('retention rules', () => {
  it('default periods: Canada 15 years; US 15 for citizens and PRs, 75 for others', () => {
    const r = DEFAULT_RETENTION_RULES;
    for (const kind of ['entry', 'exit'] as const) {
      expect(ruleFor(r, 'CA', kind, 'visitor', NOW).years).toBe(15);
      expect(ruleFor(r, 'CA', kind, 'citizen', NOW).years).toBe(15);
      expect(ruleFor(r, 'US', kind, 'citizen', NOW).years).toBe(15);
      expect(ruleFor(r, 'US', kind, 'permanent_resident', NOW).years).toBe(15);
      expect(ruleFor(r, 'US', kind, 'visitor', NOW).years).toBe(75);
      expect(ruleFor(r, 'US', kind, 'unknown', NOW).years).toBe(75);
    }
    expect(shortestRetentionYears(r, 'US', NOW)).toBe(15);
  });

  it('effective dates: the newest rule in force wins; a future rule does not apply yet', () => {
    const rules: RetentionRule[] = [
      { node: 'US', kind: '*', category: '*', years: 75, effectiveFrom: '2013-06-30', basis: 'a' },
      { node: 'US', kind: '*', category: '*', years: 50, effectiveFrom: '2027-01-01', basis: 'b' },
      { node: 'US', kind: 'exit', category: 'visitor', years: 20, effectiveFrom: '2020-01-01', basis: 'c' },
    ];
    expect(ruleFor(rules, 'US', 'entry', 'visitor', NOW).years).toBe(75);
    expect(ruleFor(rules, 'US', 'entry', 'visitor', new Date('2027-01-01T00:00:00Z')).years).toBe(50);
    // More specific beats newer.
    expect(ruleFor(rules, 'US', 'exit', 'visitor', new Date('2028-01-01T00:00:00Z')).years).toBe(20);
    expect(() => ruleFor(rules, 'US', 'entry', 'visitor', new Date('2010-01-01T00:00:00Z'))).toThrow(
      /no retention rule/,
    );
  });

  it('cutoffs and expiry dates are calendar years in UTC', () => {
    const cutoffs = cutoffsFor(DEFAULT_RETENTION_RULES, 'US', 'entry', NOW);
    expect(cutoffs.find((c) => c.category === 'citizen')!.cutoff.toISOString()).toBe('2011-11-28T12:00:00.000Z');
    expect(cutoffs.find((c) => c.category === 'unknown')!.cutoff.toISOString()).toBe('1951-11-28T12:00:00.000Z');
    expect(expiresAt(new Date('2020-02-29T10:00:00Z'), 15).toISOString()).toBe('2035-03-01T10:00:00.000Z');
    expect(addYears(new Date('2026-01-15T00:00:00Z'), -1).toISOString()).toBe('2025-01-15T00:00:00.000Z');
  });

  it('categories: own entries by captured category; exits by citizenship or PR card', () => {
    expect(entryCategory({ category: 'visitor' })).toBe('visitor');
    expect(entryCategory({ category: null })).toBe('unknown');
    expect(exitCategory('US', { citizenship: 'USA', document_type: 'P' })).toBe('citizen');
    expect(exitCategory('CA', { citizenship: 'USA', document_type: 'P' })).toBe('unknown');
    expect(exitCategory('US', { citizenship: 'MEX', document_type: 'PR' })).toBe('permanent_resident');
  });

  it('parses a rules file, refusing Canada above 15 years and rules without a catch-all', () => {
    const ok = parseRetentionRules([{ node: 'CA', years: 10, effectiveFrom: '2026-01-01' }]);
    expect(ok).toEqual({
      ok: true,
      rules: [{ node: 'CA', kind: '*', category: '*', years: 10, effectiveFrom: '2026-01-01', basis: 'configured' }],
    });
    const bad = parseRetentionRules([
      { node: 'CA', years: 20, effectiveFrom: '2026-01-01' },
      { node: 'US', kind: 'entry', category: 'citizen', years: 15, effectiveFrom: '2026-01-01' },
      { node: 'US', category: 'martian', years: 0, effectiveFrom: 'soon', extra: 1 },
    ]);
    expect(bad.ok).toBe(false);
    const problems = (bad as { problems: string[] }).problems.join('\n');
    expect(problems).toMatch(/rule 1: CA may keep records at most 15 years/);
    expect(problems).toMatch(/rule 3: category/);
    expect(problems).toMatch(/rule 3: years/);
    expect(problems).toMatch(/rule 3: effectiveFrom must be a date/);
    expect(problems).toMatch(/rule 3: .*Unrecognized key/);
    expect(problems).toMatch(/US has rules but no catch-all/);
  });

  it('loads rules from the file named by the environment, with clear errors', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'retention-'));
    const file = path.join(dir, 'rules.json');
    fs.writeFileSync(file, JSON.stringify([{ node: 'CA', years: 5, effectiveFrom: '2020-01-01' }]));
    expect(loadRetentionRules('CA', { CA_RETENTION_RULES_FILE: file })[0].years).toBe(5);
    expect(() => loadRetentionRules('US', { RETENTION_RULES_FILE: file })).toThrow(/no rule for the US node/);
    expect(() => loadRetentionRules('CA', { CA_RETENTION_RULES_FILE: path.join(dir, 'missing.json') })).toThrow(
      ConfigError,
    );
    expect(
      loadRetentionRules('US', {})
        .map((r) => r.years)
        .sort(),
    ).toEqual([15, 15, 75]);
  });

  it('a stay retains its data as long as its entry: US visitor 75 years, US citizen 15, CA visitor 15', () => {
    const entered = new Date('2026-03-10T14:30:00Z');
    const rules = DEFAULT_RETENTION_RULES;
    expect(retainUntilDay(rules, 'US', 'entry', 'visitor', entered, NOW)).toBe('2101-03-10');
    expect(retainUntilDay(rules, 'US', 'entry', 'unknown', entered, NOW)).toBe('2101-03-10');
    expect(retainUntilDay(rules, 'US', 'entry', 'citizen', entered, NOW)).toBe('2041-03-10');
    expect(retainUntilDay(rules, 'CA', 'entry', 'visitor', entered, NOW)).toBe('2041-03-10');
    // A configured rule in force now governs: a 20-year US rule for visitors from 2026.
    const configured: RetentionRule[] = [
      ...rules,
      { node: 'US', kind: 'entry', category: 'visitor', years: 20, effectiveFrom: '2026-01-01', basis: 'test' },
    ];
    expect(retainUntilDay(configured, 'US', 'entry', 'visitor', entered, NOW)).toBe('2046-03-10');
  });

  it('closed histories are kept at most HISTORY_RETENTION_DAYS (30 by default), per node first', () => {
    const { config } = readNodeConfig('US', { US_ALLOW_PLAINTEXT_PAYLOADS: 'true' });
    expect(historyRetentionCeilingDays(config, DEFAULT_RETENTION_RULES, NOW, {})).toBe(30);
    expect(historyRetentionCeilingDays(config, DEFAULT_RETENTION_RULES, NOW, { HISTORY_RETENTION_DAYS: '7' })).toBe(7);
    expect(
      historyRetentionCeilingDays(config, DEFAULT_RETENTION_RULES, NOW, {
        HISTORY_RETENTION_DAYS: '7',
        US_HISTORY_RETENTION_DAYS: '14',
      }),
    ).toBe(14);
    expect(historyRetentionCeilingDays(config, DEFAULT_RETENTION_RULES, NOW, { HISTORY_RETENTION_DAYS: 'x' })).toBe(30);
  });
});

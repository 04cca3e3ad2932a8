// The documentation a newcomer reads: a README of about 150 lines, every relative link resolving to
// a file that exists, and no table cell wider than a terminal (wide tables became lists).
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const DOCS = path.join(ROOT, 'docs');
const documents = [
  'README.md',
  ...fs
    .readdirSync(DOCS)
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const TERMINAL_WIDTH = 100;

/** Cells of a markdown table row, split on pipes outside code spans. */
export function tableCells(line: string): string[] {
  const cells: string[] = [];
  let current = '';
  let inCode = false;
  for (const ch of line.trim().replace(/^\||\|$/g, '')) {
    if (ch === '`') inCode = !inCode;
    if (ch === '|' && !inCode) {
      cells.push(current.trim());
      current = '';
    } else current += ch;
  }
  cells.push(current.trim());
  return cells;
}

/** Relative link targets of a markdown text (no scheme, no pure anchors), without their anchors. */
export function relativeLinks(text: string): string[] {
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1])
    .filter((target) => !/^[a-z]+:/i.test(target) && !target.startsWith('#'))
    .map((target) => target.split('#')[0]);
}

describe('documentation', () => {
  it('the README is about 150 lines and points to the docs index', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme.split('\n').length).toBeLessThanOrEqual(170);
    expect(readme).toContain('docs/README.md');
    expect(readme).toMatch(/npm install && npm start/);
    expect(readme).toMatch(/npm install && npm test/);
  });

  it('the docs index lists every document in docs/', () => {
    const index = fs.readFileSync(path.join(DOCS, 'README.md'), 'utf8');
    const listed = new Set(relativeLinks(index));
    const missing = documents
      .filter((d) => d.startsWith('docs/') && d !== 'docs/README.md')
      .filter((d) => !listed.has(path.basename(d)));
    expect(missing).toEqual([]);
  });

  it.each(documents)('%s: every relative link resolves', (doc) => {
    const text = fs.readFileSync(path.join(ROOT, doc), 'utf8');
    const broken = relativeLinks(text).filter(
      (target) => !fs.existsSync(path.resolve(ROOT, path.dirname(doc), target)),
    );
    expect(broken).toEqual([]);
  });

  it.each(documents)('%s: no table cell wider than a terminal', (doc) => {
    const wide = fs
      .readFileSync(path.join(ROOT, doc), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('|') && !/^\|[\s:|-]+\|$/.test(line.trim()))
      .flatMap(tableCells)
      .filter((cell) => [...cell].length > TERMINAL_WIDTH);
    expect(wide).toEqual([]);
  });

  it('the checks can fail: a wide cell and a broken link are found', () => {
    expect(tableCells(`| a | ${'x'.repeat(120)} | \`a|b\` |`).map((c) => c.length)).toEqual([1, 120, 5]);
    expect(relativeLinks('[x](docs/none.md#a) [y](https://example.org) [z](#here)')).toEqual(['docs/none.md']);
  });
});

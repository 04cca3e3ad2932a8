// `npm run eval:match -- --anchor`: each noise model's data set written as files, matched through the
// fixed `npx entry-exit match` contract (a separate process, as an outside evaluation calls it) and,
// when installed (scripts/install-match-baseline.sh), by off-the-shelf baselines on the same files;
// the table goes to stdout and into docs/matching.md between its anchor markers.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { blockingFigures, generateFor, pairFigures, type NoiseModel } from './quality';

const ROOT = path.resolve(__dirname, '..', '..', '..');
export const BASELINE_PYTHON = path.join(ROOT, '.tools', 'baseline-venv', 'bin', 'python');
const BASELINE_SCRIPT = path.join(__dirname, 'baseline.py');
const DOC = path.join(ROOT, 'docs', 'matching.md');
const START = '<!-- anchor-table:start -->';
const END = '<!-- anchor-table:end -->';

export interface AnchorRow {
  model: NoiseModel;
  method: string;
  true_pairs: number;
  matched: number;
  precision: number;
  recall: number;
  f1: number;
  pair_completeness?: number;
  reduction_ratio?: number;
  review?: number;
  review_precision?: number;
  seconds: number;
}

function readPairs(file: string): Array<{ own_id: string; partner_id: string }> {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { own_id: string; partner_id: string });
}

export function anchorModel(model: NoiseModel, pairs: number, seed: number): AnchorRow[] {
  const data = generateFor(model, pairs, seed);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `anchor-${model}-`));
  try {
    const lines = (rows: unknown[]) => rows.map((r) => `${JSON.stringify(r)}\n`).join('');
    const own = path.join(dir, 'own.jsonl');
    const partner = path.join(dir, 'partner.jsonl');
    fs.writeFileSync(own, lines(data.own));
    fs.writeFileSync(partner, lines(data.partner));
    const rows: AnchorRow[] = [];

    const out = path.join(dir, 'matches.jsonl');
    const review = path.join(dir, 'review.jsonl');
    let started = Date.now();
    const cli = spawnSync(
      process.execPath,
      [
        path.join(ROOT, 'bin', 'entry-exit.js'),
        'match',
        '--own',
        own,
        '--partner',
        partner,
        '--out',
        out,
        '--review',
        review,
      ],
      { encoding: 'utf8', cwd: ROOT, maxBuffer: 1 << 26 },
    );
    if (cli.status !== 0) throw new Error(`entry-exit match failed on the ${model} data set: ${cli.stderr}`);
    const seconds = (Date.now() - started) / 1000;
    const reviewed = readPairs(review);
    const reviewTrue = reviewed.filter((r) => data.truth.get(r.partner_id) === r.own_id).length;
    const blocking = blockingFigures(data.own, data.partner, data.truth);
    rows.push({
      model,
      method: 'entry-exit match',
      true_pairs: data.truth.size,
      ...pairFigures(readPairs(out), data.truth),
      pair_completeness: blocking.pair_completeness,
      reduction_ratio: blocking.reduction_ratio,
      review: reviewed.length,
      review_precision: reviewed.length === 0 ? 1 : Math.round((reviewTrue / reviewed.length) * 10000) / 10000,
      seconds,
    });

    if (fs.existsSync(BASELINE_PYTHON)) {
      for (const method of ['splink', 'recordlinkage']) {
        started = Date.now();
        const run = spawnSync(
          BASELINE_PYTHON,
          [BASELINE_SCRIPT, '--own', own, '--partner', partner, '--out', dir, '--methods', method],
          { encoding: 'utf8', maxBuffer: 1 << 26 },
        );
        const file = path.join(dir, `${method}.jsonl`);
        if (run.status !== 0 || !fs.existsSync(file)) {
          process.stderr.write(`baseline ${method} did not run on ${model}: ${run.stderr.slice(-400)}\n`);
          continue;
        }
        rows.push({
          model,
          method,
          true_pairs: data.truth.size,
          ...pairFigures(readPairs(file), data.truth),
          seconds: (Date.now() - started) / 1000,
        });
      }
    }
    return rows;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function anchorTable(rows: AnchorRow[], pairs: number, seed: number): string {
  const f = (x: number | undefined, d = 4) => (x === undefined ? '' : x.toFixed(d));
  const head =
    '| noise model | true pairs | method | precision | recall | F1 | pair completeness | reduction ratio | review (its precision) | s |\n' +
    '| ----------- | ---------- | ------ | --------- | ------ | -- | ----------------- | --------------- | ---------------------- | - |\n';
  const body = rows
    .map(
      (r) =>
        `| ${r.model} | ${r.true_pairs} | ${r.method} | ${f(r.precision)} | ${f(r.recall)} | ${f(r.f1)} | ${f(r.pair_completeness)} | ` +
        `${f(r.reduction_ratio, 5)} | ${r.review === undefined ? '' : `${r.review} (${f(r.review_precision, 3)})`} | ${r.seconds.toFixed(1)} |`,
    )
    .join('\n');
  return `${pairs} travellers per model, seed ${seed}, through \`npx entry-exit match\` and the baselines on the same files:\n\n${head}${body}\n`;
}

/** Replaces the table between the anchor markers of docs/matching.md (appends the markers if missing). */
export function writeAnchorTable(table: string): void {
  const doc = fs.readFileSync(DOC, 'utf8');
  const block = `${START}\n${table}${END}`;
  const i = doc.indexOf(START);
  const j = doc.indexOf(END);
  fs.writeFileSync(DOC, i >= 0 && j > i ? doc.slice(0, i) + block + doc.slice(j + END.length) : `${doc}\n${block}\n`);
}

// `npm run eval:match [-- --pairs N --seed S --models realistic,harsh,replace,missing]`: for each noise
// model, generates own entries and partner exits with known truth, runs the matcher as the `match`
// command does, and prints precision, recall, pair completeness, reduction ratio, the review list's
// own precision, and the weights the run estimated. Seed 7 by default: the generator's thresholds were
// once chosen on seed 1, and the two four-field models were written apart from the matcher.
//   --anchor      match each model's files through `npx entry-exit match` and the installed
//                 baselines (scripts/install-match-baseline.sh); the table goes to docs/matching.md
//   --calibration candidate pairs by score band with the share that is the true pair
//   --write DIR [--model M]  write a data set as the `match` command reads it
import fs from 'node:fs';
import path from 'node:path';
import { applyTermFrequencies, describeModel, estimateModel } from '../em';
import { blockCandidates } from '../match';
import { prepareWithoutKeys } from '../prepare';
import { scorePrepared } from '../score';
import { anchorModel, anchorTable, BASELINE_PYTHON, writeAnchorTable, type AnchorRow } from './anchor';
import { generateFor, measureQuality, NOISE_MODELS, type NoiseModel, type QualityFigures } from './quality';

function argValue(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? Number(process.argv[i + 1]) : fallback;
}

function argModels(): NoiseModel[] {
  const i = process.argv.indexOf('--models');
  if (i < 0) return [...NOISE_MODELS];
  const names = (process.argv[i + 1] ?? '').split(',');
  for (const n of names)
    if (!(NOISE_MODELS as readonly string[]).includes(n))
      throw new Error(`--models: "${n}" is not a noise model; use ${NOISE_MODELS.join(', ')}`);
  return names as NoiseModel[];
}

/**
 * How the score separates: every candidate pair blocking produces, binned by identity score (timing
 * ignored), with the share that are the true entry–exit pair. Fellegi–Sunter scores are log2
 * likelihood ratios, so the share should rise steeply through the review band (10.1–13.3 bits). High
 * scores that are not the true pair are mostly the same traveller's other stay (repeat trips):
 * identity cannot tell stays apart, the timing rules of the assignment do.
 */
export function calibrationTable(
  model: NoiseModel,
  pairs: number,
  seed: number,
): Array<{ bits: string; pairs: number; true_share: number }> {
  const data = generateFor(model, pairs, seed);
  const own = data.own.map(prepareWithoutKeys);
  const partner = data.partner.map(prepareWithoutKeys);
  const blocked = blockCandidates(own, partner).pairs;
  const fitted = estimateModel(own, partner, blocked);
  applyTermFrequencies([own, partner], fitted);
  const edges = [-Infinity, 0, 4, 8, 10.1, 13.3, 16, 20, 24, 32, Infinity];
  const total = new Array<number>(edges.length - 1).fill(0);
  const same = new Array<number>(edges.length - 1).fill(0);
  for (let i = 0; i < blocked.length; i += 2) {
    const o = own[blocked[i]];
    const p = partner[blocked[i + 1]];
    const score = scorePrepared(o, p, Infinity, fitted); // identity only: timing is not a score
    const bin = edges.findIndex((e, k) => score >= e && score < edges[k + 1]);
    total[bin]++;
    if (data.truth.get(p.id) === o.id) same[bin]++;
  }
  return total.map((n, i) => ({
    bits: `[${edges[i]}, ${edges[i + 1]})`,
    pairs: n,
    true_share: n === 0 ? 0 : Math.round((same[i] / n) * 10000) / 10000,
  }));
}

/** Writes a generated data set as the `match` command reads it: own.jsonl, partner.jsonl, truth.jsonl. */
function writeDataSet(dir: string, model: NoiseModel, pairs: number, seed: number): void {
  const data = generateFor(model, pairs, seed);
  fs.mkdirSync(dir, { recursive: true });
  const lines = (rows: unknown[]) => rows.map((r) => `${JSON.stringify(r)}\n`).join('');
  fs.writeFileSync(path.join(dir, 'own.jsonl'), lines(data.own));
  fs.writeFileSync(path.join(dir, 'partner.jsonl'), lines(data.partner));
  fs.writeFileSync(
    path.join(dir, 'truth.jsonl'),
    lines([...data.truth].map(([partner_id, own_id]) => ({ own_id, partner_id }))),
  );
  process.stdout.write(
    `wrote ${data.own.length} own, ${data.partner.length} partner records, ${data.truth.size} true pairs to ${dir}\n`,
  );
}

const TARGET = { recall: 0.995, precision: 0.999 };

function printFigures(f: QualityFigures): void {
  process.stdout.write(
    `${f.model.padEnd(9)} precision ${f.precision.toFixed(5)}  recall ${f.recall.toFixed(5)}  F1 ${f.f1.toFixed(5)}  ` +
      `pair completeness ${f.pair_completeness.toFixed(5)}  reduction ratio ${f.reduction_ratio.toFixed(5)}  ` +
      `review ${f.review} (precision ${f.review_precision.toFixed(3)})\n` +
      `          ${f.true_pairs} true pairs, ${f.own_records} own / ${f.partner_records} partner records, ${f.matched} matched, ` +
      `${f.scored_pairs} pairs scored (${f.candidates_per_partner_record} per partner record), thresholds ` +
      `${f.match_threshold} / ${f.review_threshold} bits, ${f.seconds}s\n`,
  );
}

if (require.main === module && process.argv.includes('--calibration')) {
  for (const model of argModels()) {
    process.stdout.write(`${model}\n`);
    for (const row of calibrationTable(model, argValue('--pairs', 20000), argValue('--seed', 7))) {
      process.stdout.write(
        `  score ${row.bits.padEnd(14)} ${String(row.pairs).padStart(7)} candidate pairs, ${(row.true_share * 100).toFixed(2)}% the true entry–exit pair\n`,
      );
    }
  }
} else if (require.main === module && process.argv.includes('--write')) {
  const i = process.argv.indexOf('--model');
  const model = (i >= 0 ? process.argv[i + 1] : 'realistic') as NoiseModel;
  if (!NOISE_MODELS.includes(model)) throw new Error(`--model: use one of ${NOISE_MODELS.join(', ')}`);
  writeDataSet(
    process.argv[process.argv.indexOf('--write') + 1],
    model,
    argValue('--pairs', 20000),
    argValue('--seed', 7),
  );
} else if (require.main === module && process.argv.includes('--anchor')) {
  const pairs = argValue('--pairs', 5000);
  const seed = argValue('--seed', 7);
  if (!fs.existsSync(BASELINE_PYTHON))
    process.stderr.write(
      'no baseline installed: run scripts/install-match-baseline.sh to compare with Splink and recordlinkage\n',
    );
  const rows: AnchorRow[] = [];
  for (const model of argModels()) {
    const got = anchorModel(model, pairs, seed);
    rows.push(...got);
    for (const r of got)
      process.stdout.write(
        `${model.padEnd(9)} ${r.method.padEnd(17)} precision ${r.precision.toFixed(5)}  recall ${r.recall.toFixed(5)}\n`,
      );
  }
  const table = anchorTable(rows, pairs, seed);
  process.stdout.write(`\n${table}`);
  writeAnchorTable(table);
  process.stdout.write(`written to ${path.join('docs', 'matching.md')}\n`);
} else if (require.main === module) {
  const pairs = argValue('--pairs', 20000);
  const seed = argValue('--seed', 7);
  const rows: QualityFigures[] = [];
  for (const model of argModels()) {
    const { result, data, ...figures } = measureQuality(model, pairs, seed);
    void data;
    rows.push(figures);
    printFigures(figures);
    const m = result.model;
    process.stdout.write(
      `          weights (bits, log2 m/u) estimated by EM: λ ${m.lambda} of ${m.candidatePairs} candidate pairs, ` +
        `${m.iterations} iterations, u from ${m.randomPairs} random pairs\n`,
    );
    for (const [field, outcomes] of Object.entries(describeModel(m))) {
      const cells = Object.entries(outcomes)
        .map(([o, x]) => `${o} ${x.weight} (m ${x.m}, u ${x.u})`)
        .join(', ');
      process.stdout.write(`            ${field}: ${cells}\n`);
    }
  }
  const met = rows.map((r) => ({ model: r.model, met: r.recall >= TARGET.recall && r.precision >= TARGET.precision }));
  process.stdout.write(`${JSON.stringify({ target: TARGET, met, figures: rows })}\n`);
}

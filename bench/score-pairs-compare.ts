// Same-process comparison of two versions of the matcher's hot path, for a shared machine where
// separate runs are not comparable: the current `scorePrepared` and one from an earlier checkout
// (`git archive <commit> src | tar -x -C DIR`), each on its own prepared records and estimated model
// for the same data, in alternating 0.15 s rounds, per second of this process's CPU time. Prints the
// best and median rate of each and the median of the per-round ratios.
//   npx tsx bench/score-pairs-compare.ts --baseline DIR [--model realistic] [--seconds 20]
import path from 'node:path';
import * as current from '../src/matching';
import { generateFor, NOISE_MODELS, type NoiseModel } from '../src/matching/eval/quality';

type Matcher = typeof current;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function setup(lib: Matcher, data: ReturnType<typeof generateFor>) {
  const own = data.own.map(lib.prepare);
  const partner = data.partner.map(lib.prepare);
  const { pairs, identifying } = lib.blockCandidates(own, partner);
  const model = lib.estimateModel(own, partner, identifying);
  lib.applyTermFrequencies([own, partner], model);
  return { lib, own, partner, pairs: Int32Array.from(pairs), model };
}

/** Pairs scored per CPU second in one round of about 0.15 s. */
function round(s: ReturnType<typeof setup>): { rate: number; positive: number } {
  const started = process.cpuUsage();
  const wall = Date.now();
  let scored = 0;
  let positive = 0;
  while (Date.now() - wall < 150) {
    for (let i = 0; i < s.pairs.length; i += 2)
      if (s.lib.scorePrepared(s.own[s.pairs[i]], s.partner[s.pairs[i + 1]], 0, s.model) > 0) positive++;
    scored += s.pairs.length / 2;
  }
  const cpu = process.cpuUsage(started);
  return { rate: scored / ((cpu.user + cpu.system) / 1e6), positive };
}

if (require.main === module) {
  const dir = arg('--baseline');
  if (dir === undefined)
    throw new Error('--baseline DIR: a checkout holding the earlier src/ (git archive <commit> src | tar -x -C DIR)');
  const model = (arg('--model') ?? 'realistic') as NoiseModel;
  if (!NOISE_MODELS.includes(model)) throw new Error(`--model: use one of ${NOISE_MODELS.join(', ')}`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const baseline = require(path.resolve(dir, 'src/matching')) as Matcher;
  const data = generateFor(model, 20000, 11);
  const a = setup(baseline, data);
  const b = setup(current, data);
  const rates: Array<[number, number]> = [];
  const end = Date.now() + Number(arg('--seconds') ?? 20) * 1000;
  while (Date.now() < end || rates.length < 3) rates.push([round(a).rate, round(b).rate]);
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
  process.stdout.write(
    `${JSON.stringify({
      noise_model: model,
      candidate_pairs: b.pairs.length / 2,
      rounds: rates.length,
      baseline_best_per_cpu_s: Math.round(Math.max(...rates.map((r) => r[0]))),
      current_best_per_cpu_s: Math.round(Math.max(...rates.map((r) => r[1]))),
      baseline_median_per_cpu_s: Math.round(median(rates.map((r) => r[0]))),
      current_median_per_cpu_s: Math.round(median(rates.map((r) => r[1]))),
      ratio_median: Math.round(median(rates.map((r) => r[1] / r[0])) * 1000) / 1000,
    })}\n`,
  );
}

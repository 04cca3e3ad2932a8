// Quality regression: the real matcher on generated entries and exits with known truth, at a size
// that runs in seconds. The thresholds sit a little below what `npm run eval:match` measures at
// 20,000 pairs, to allow for the larger sampling error of a small set; a real regression fails them.
import { measureQuality } from '../src/matching/eval/quality';
import { generate } from '../src/matching/eval/generator';

describe('matching quality on generated data', () => {
  it('realistic noise: precision >= 0.998, recall >= 0.99', () => {
    const q = measureQuality('realistic', 4000, 101);
    expect(q.true_pairs).toBeGreaterThan(4000);
    expect(q.precision).toBeGreaterThanOrEqual(0.998);
    expect(q.recall).toBeGreaterThanOrEqual(0.99);
  });

  it('harsh noise: precision >= 0.99, recall >= 0.9', () => {
    const q = measureQuality('harsh', 4000, 102);
    expect(q.precision).toBeGreaterThanOrEqual(0.99);
    expect(q.recall).toBeGreaterThanOrEqual(0.9);
  });

  it('keeps its distractors: relatives, twins, namesakes, repeat trips, earlier exits, unmatched records', () => {
    const data = generate({ pairs: 4000, level: 'realistic', seed: 103 });
    for (const kind of [
      'own_only',
      'partner_only',
      'relatives',
      'twins',
      'namesakes',
      'repeat_trips',
      'earlier_exit',
    ]) {
      expect(data.counts.distractors[kind]).toBeGreaterThan(0);
    }
    expect(data.partner.length).toBeGreaterThan(data.truth.size);
    expect(data.own.length).toBeGreaterThan(data.truth.size);
  });

  it('is reproducible from its seed', () => {
    const a = generate({ pairs: 200, level: 'harsh', seed: 5 });
    const b = generate({ pairs: 200, level: 'harsh', seed: 5 });
    expect(a.partner).toEqual(b.partner);
    expect(generate({ pairs: 200, level: 'harsh', seed: 6 }).partner).not.toEqual(a.partner);
  });
});

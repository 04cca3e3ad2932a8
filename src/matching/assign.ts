// Global one-to-one assignment over the candidate graph: each exit to at most one entry and each
// entry to at most one exit, chosen to maximise the summed log-likelihood ratio of the pairs taken
// (the most probable joint assignment under Fellegi–Sunter), not pair by pair. Greedy-by-score takes
// the single best pair first and can leave its loser with nothing although a slightly lower pair
// would have freed a better one for it; the optimum does not. Candidates fall into small connected
// groups (a traveller, their relatives, their namesakes), each solved exactly by the Hungarian method;
// a group too large for that (a very common name) falls back to greedy by score.
/** A scored candidate pair, by index into the own and partner arrays. */
export interface Candidate {
  own: number;
  partner: number;
  score: number;
}

/** Largest group (own × partner records) solved exactly; larger ones are taken greedily. */
const MAX_EXACT_CELLS = 40_000;

/**
 * `sorted` must be ordered best first (score, then the exit nearest after the entry). Returns the
 * chosen pairs. Every candidate weighs its score above `floor` plus one bit, so taking a pair always
 * beats leaving both records free; among equal scores the exit nearest after the entry wins.
 */
export function assignOneToOne(sorted: Candidate[], gap: (c: Candidate) => number, floor: number): Candidate[] {
  // Connected groups by union–find over own (even ids) and partner (odd ids) records.
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let root = x;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    let y = x;
    while (y !== root) {
      const next = parent.get(y)!;
      parent.set(y, root);
      y = next;
    }
    if (!parent.has(root)) parent.set(root, root);
    return root;
  };
  for (const c of sorted) {
    const a = find(c.own * 2);
    const b = find(c.partner * 2 + 1);
    if (a !== b) parent.set(a, b);
  }
  const groups = new Map<number, Candidate[]>();
  for (const c of sorted) {
    const root = find(c.own * 2);
    const list = groups.get(root);
    if (list) list.push(c);
    else groups.set(root, [c]);
  }
  const chosen: Candidate[] = [];
  for (const group of groups.values()) {
    if (group.length === 1) {
      chosen.push(group[0]);
      continue;
    }
    const owns = [...new Set(group.map((c) => c.own))];
    const partners = [...new Set(group.map((c) => c.partner))];
    if (owns.length * partners.length > MAX_EXACT_CELLS) {
      const ownTaken = new Set<number>();
      const partnerTaken = new Set<number>();
      for (const c of group)
        if (!ownTaken.has(c.own) && !partnerTaken.has(c.partner)) {
          ownTaken.add(c.own);
          partnerTaken.add(c.partner);
          chosen.push(c);
        }
      continue;
    }
    chosen.push(...hungarianGroup(group, owns, partners, gap, floor));
  }
  return chosen;
}

function hungarianGroup(
  group: Candidate[],
  owns: number[],
  partners: number[],
  gap: (c: Candidate) => number,
  floor: number,
): Candidate[] {
  // Rows are the smaller side. Cost = −weight for a candidate, 0 (= leave unassigned) otherwise.
  const rowsAreOwn = owns.length <= partners.length;
  const rows = rowsAreOwn ? owns : partners;
  const cols = rowsAreOwn ? partners : owns;
  const rowIndex = new Map(rows.map((id, i) => [id, i]));
  const colIndex = new Map(cols.map((id, i) => [id, i]));
  const n = rows.length;
  const m = cols.length;
  const cost = new Float64Array(n * m);
  const pick: Array<Candidate | undefined> = new Array(n * m);
  for (const c of group) {
    const r = rowIndex.get(rowsAreOwn ? c.own : c.partner)!;
    const k = colIndex.get(rowsAreOwn ? c.partner : c.own)!;
    const g = gap(c);
    // A thousandth of a bit at most for timing: it only breaks ties.
    const weight = c.score - floor + 1 + (g >= 0 && g < Number.MAX_VALUE ? 1e-3 / (1 + g / 3.6e6) : 0);
    if (!pick[r * m + k] || -weight < cost[r * m + k]) {
      cost[r * m + k] = -weight;
      pick[r * m + k] = c;
    }
  }
  // Hungarian method with potentials (rows n ≤ columns m), O(n² m).
  const INF = Number.MAX_VALUE;
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const p = new Int32Array(m + 1); // p[j]: row (1-based) assigned to column j
  const way = new Int32Array(m + 1);
  const minv = new Float64Array(m + 1);
  const used = new Uint8Array(m + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    minv.fill(INF);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = p[j0];
      let delta = INF;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = cost[(i0 - 1) * m + (j - 1)] - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else minv[j] -= delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0 !== 0);
  }
  const out: Candidate[] = [];
  for (let j = 1; j <= m; j++) {
    if (p[j] === 0) continue;
    const c = pick[(p[j] - 1) * m + (j - 1)];
    if (c) out.push(c);
  }
  return out;
}

// Running independent work a bounded number at a time: stay starts in a capture request, simulated
// ports posting to a node. Each lane takes the next item as soon as its last one is done.

/** Runs `work` over `items` with at most `limit` running at once (at least one). */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(lanes);
}

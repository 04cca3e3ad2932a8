// Capturing entries through a test node's real HTTP capture API, as a port does.
import type { SimulatedEntry } from '../../src/simulator/generate';
import type { TestNode } from './nodes';

/** POSTs the records to the node's /entries and expects them taken. */
export async function capture(node: TestNode, records: SimulatedEntry[]): Promise<void> {
  const res = await fetch(`${node.url}/entries`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ records }),
  });
  expect(res.status).toBeLessThan(300);
}

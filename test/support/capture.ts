// Capturing entries through a test node's real HTTP capture door, as a port does: each request
// carries the token of the port its records come from. The one place tests get port credentials.
import type { NodeConfig } from '../../src/config';
import { withCheckDigit } from '../../src/record/check-digit';
import type { SimulatedEntry } from '../../src/simulator/generate';
import { postEntries as postAsPorts } from '../../src/simulator/post';

type CaptureNode = { config: NodeConfig; urls?: { capture: string } };

/** Authorization header of one port of the node. */
export function portAuth(node: CaptureNode, portCode: string): { authorization: string } {
  const token = node.config.portTokens[portCode];
  if (!token) throw new Error(`the ${node.config.country} test node has no credential for port ${portCode}`);
  return { authorization: `Bearer ${token}` };
}

/** The port a capture body's records come from (the first record's port_of_entry). */
function portOfBody(body: unknown): string | undefined {
  const records = Array.isArray(body)
    ? body
    : body && typeof body === 'object' && 'records' in body
      ? (body as { records: unknown }).records
      : [body];
  const first = Array.isArray(records) ? (records[0] as { port_of_entry?: unknown } | undefined) : undefined;
  return typeof first?.port_of_entry === 'string' ? first.port_of_entry : undefined;
}

/**
 * POSTs a capture body (a record, an array or {records}) as the port of its first record (or
 * `opts.port`) and returns the raw response. A body without a usable port goes as the node's
 * first port, so validation answers are still reached.
 */
export async function postEntries(
  node: CaptureNode,
  body: unknown,
  opts: { port?: string; raw?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  const port =
    opts.port ??
    (portOfBody(body) && node.config.portTokens[portOfBody(body)!] ? portOfBody(body)! : undefined) ??
    Object.keys(node.config.portTokens)[0];
  return fetch(`${node.urls!.capture}/entries`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...portAuth(node, port), ...opts.headers },
    body: opts.raw ?? JSON.stringify(body),
  });
}

/** The records grouped by the port they were captured at: one capture request per port. */
export function recordsByPort<T extends { port_of_entry: string }>(records: T[]): Map<string, T[]> {
  const byPort = new Map<string, T[]>();
  for (const record of records) byPort.set(record.port_of_entry, [...(byPort.get(record.port_of_entry) ?? []), record]);
  return byPort;
}

/** POSTs the records to the node's capture door, each port's with its own token, and expects them taken. */
export async function capture(node: CaptureNode, records: SimulatedEntry[]): Promise<void> {
  await expect(
    postAsPorts({ url: node.urls!.capture, portTokens: node.config.portTokens }, records),
  ).resolves.toBeDefined();
}

/**
 * One visitor's entry at `port`, the same person each time; the document number follows the id,
 * so every id is a document of its own.
 */
export function visitorEntry(id: string, port: string): SimulatedEntry {
  return {
    id,
    surname: 'Okafor',
    first_name: 'Ada',
    middle_names: '',
    date_of_birth: '1984-03-09',
    citizenship: 'NGA',
    sex: 'F',
    document_type: 'P',
    document_number: withCheckDigit(`A${id.replace(/\D/g, '').padStart(7, '0').slice(-7)}`),
    document_issuer: 'NGA',
    port_of_entry: port,
    entered_at: '2026-11-27T10:00:00-05:00',
    category: 'visitor',
  };
}

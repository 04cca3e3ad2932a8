// Temporal's remote codec JSON format: `{"payloads":[{"metadata":{"k":"base64"},"data":"base64"}]}`
// (the protobuf JSON mapping of Payloads). Parsing refuses anything else with a reason.
import type { Payload } from '@temporalio/common';

export interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

export class RemoteFormatError extends Error {}

function bytes(value: unknown, where: string): Uint8Array {
  if (typeof value !== 'string' || !BASE64.test(value)) throw new RemoteFormatError(`${where} must be a base64 string`);
  return new Uint8Array(Buffer.from(value, 'base64'));
}

export function payloadsFromJson(body: unknown): Payload[] {
  const list = (body as { payloads?: unknown } | null)?.payloads;
  if (!Array.isArray(list))
    throw new RemoteFormatError('body must be {"payloads": [...]} (Temporal remote codec format)');
  return list.map((item, i) => {
    if (typeof item !== 'object' || item === null) throw new RemoteFormatError(`payloads[${i}] must be an object`);
    const { metadata, data } = item as { metadata?: unknown; data?: unknown };
    const out: Payload = { metadata: {} };
    if (metadata !== undefined && metadata !== null) {
      if (typeof metadata !== 'object' || Array.isArray(metadata))
        throw new RemoteFormatError(`payloads[${i}].metadata must be an object`);
      for (const [k, v] of Object.entries(metadata))
        out.metadata![k] = bytes(v, `payloads[${i}].metadata.${k.slice(0, 40)}`);
    }
    if (data !== undefined && data !== null) out.data = bytes(data, `payloads[${i}].data`);
    return out;
  });
}

export function payloadsToJson(payloads: Payload[]): { payloads: JsonPayload[] } {
  return {
    payloads: payloads.map((p) => ({
      metadata: Object.fromEntries(
        Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')]),
      ),
      data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
    })),
  };
}

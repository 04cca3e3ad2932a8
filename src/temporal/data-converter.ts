// The data converter every client and worker of a node uses. The payload codec (AES-256-GCM
// encryption) plugs in here, so no path can forget it. Without a payload key a node refuses to
// start, unless the operator explicitly allows plaintext payloads.
import type { DataConverter } from '@temporalio/common';
import { AesGcmPayloadCodec } from '../codec/aes-gcm-codec';
import {
  ConfigError,
  nodeVariable,
  plaintextPayloadsAllowedBy,
  processEnvironment,
  type Env,
  type NodeConfig,
} from '../config';

/** Path of the module exporting `failureConverter`; pass it to bundleWorkflowCode too. */
export const FAILURE_CONVERTER_PATH = require.resolve('../codec/failure-converter');

/** `US_ALLOW_PLAINTEXT_PAYLOADS=true` (or the CA_ one): the only way to run a node without payload keys. */
export function plaintextPayloadsAllowed(config: NodeConfig, env: Env = processEnvironment()): boolean {
  const explicit = (config as NodeConfig & { allowPlaintextPayloads?: boolean }).allowPlaintextPayloads;
  if (explicit !== undefined) return explicit;
  return plaintextPayloadsAllowedBy(config.country, env);
}

/** The payload codec of a node, or undefined when it runs with plaintext payloads (explicitly allowed). */
export function payloadCodecFor(config: NodeConfig, env: Env = processEnvironment()): AesGcmPayloadCodec | undefined {
  const source = nodeVariable(config.country, 'PAYLOAD_KEYS');
  if (Object.keys(config.payloadKeys).length === 0) {
    if (plaintextPayloadsAllowed(config, env)) return undefined;
    throw new ConfigError([
      `${source} is not set: workflow payloads would reach Temporal unencrypted. Set ${source}=kid1=BASE64KEY ` +
        `(make a key with: openssl rand -base64 32), or set ${nodeVariable(config.country, 'ALLOW_PLAINTEXT_PAYLOADS')}=true to accept plaintext payloads knowingly`,
    ]);
  }
  return new AesGcmPayloadCodec({ keys: config.payloadKeys, source });
}

export function dataConverterFor(config: NodeConfig, env: Env = processEnvironment()): DataConverter {
  const codec = payloadCodecFor(config, env);
  return { failureConverterPath: FAILURE_CONVERTER_PATH, payloadCodecs: codec ? [codec] : [] };
}

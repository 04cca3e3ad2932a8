// Key material a node is configured with: Ed25519 signing keys for batches (the partner holds our
// public key) and AES-256 payload keys. `generateNodeKeys` makes a fresh set for the demo and tests;
// production keys come from the environment (or a secret store feeding it), never the repository.
import crypto from 'node:crypto';
import { nodeVariable } from './node';
import { OPERATOR_ROLES, type OperatorCredential } from './operators';
import { portsOf } from '../record/ports';

export interface GeneratedNodeKeys {
  signingKey: string; // PKCS#8 DER, base64
  publicKey: string; // SPKI DER, base64
  payloadKey: string; // 32 bytes, base64
  /** One token per port of the node: port code -> token. */
  portTokens: Record<string, string>;
  /** One operator per role: demo-reader, demo-officer, demo-administrator. */
  operators: OperatorCredential[];
}

/** A port or operator token: 32 random bytes, base64url (43 characters). */
export function newToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

export function generateNodeKeys(country: 'US' | 'CA' = 'US'): GeneratedNodeKeys {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  return {
    signingKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    payloadKey: crypto.randomBytes(32).toString('base64'),
    ...generateCredentials(country),
  };
}

/** The demo's port and operator credentials of one node. */
export function generateCredentials(country: 'US' | 'CA'): Pick<GeneratedNodeKeys, 'portTokens' | 'operators'> {
  return {
    portTokens: Object.fromEntries(portsOf(country).map((port) => [port.code, newToken()])),
    operators: OPERATOR_ROLES.map((role) => ({ name: `demo-${role}`, role, token: newToken() })),
  };
}

/** Reads a private key given as PEM or as base64 PKCS#8 DER. */
export function privateKeyFrom(text: string): crypto.KeyObject {
  return text.includes('-----BEGIN')
    ? crypto.createPrivateKey(text)
    : crypto.createPrivateKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'pkcs8' });
}

/** Reads a public key given as PEM or as base64 SPKI DER. */
export function publicKeyFrom(text: string): crypto.KeyObject {
  return text.includes('-----BEGIN')
    ? crypto.createPublicKey(text)
    : crypto.createPublicKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'spki' });
}

/** The environment variables that configure a node with a generated key set and its partner's public key. */
export function nodeKeyEnv(
  country: 'US' | 'CA',
  own: GeneratedNodeKeys,
  partner: GeneratedNodeKeys,
  partnerKeyId: string,
): Record<string, string> {
  return {
    [nodeVariable(country, 'SIGNING_KEY')]: own.signingKey,
    [nodeVariable(country, 'PARTNER_PUBLIC_KEYS')]: `${partnerKeyId}=${partner.publicKey}`,
    [nodeVariable(country, 'PAYLOAD_KEYS')]: `${country.toLowerCase()}-k1=${own.payloadKey}`,
    [nodeVariable(country, 'PORT_TOKENS')]: Object.entries(own.portTokens)
      .map(([code, token]) => `${code}=${token}`)
      .join(','),
    [nodeVariable(country, 'OPERATORS')]: own.operators.map((o) => `${o.name}:${o.role}=${o.token}`).join(','),
  };
}

// Key material a node is configured with: Ed25519 signing keys for batches (the partner holds our
// public key) and AES-256 payload keys. `generateNodeKeys` makes a fresh set for the demo and tests;
// production keys come from the environment (or a secret store feeding it), never the repository.
import crypto from 'node:crypto';

export interface GeneratedNodeKeys {
  signingKey: string; // PKCS#8 DER, base64
  publicKey: string; // SPKI DER, base64
  payloadKey: string; // 32 bytes, base64
  operatorToken: string;
}

export function generateNodeKeys(): GeneratedNodeKeys {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  return {
    signingKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    payloadKey: crypto.randomBytes(32).toString('base64'),
    operatorToken: crypto.randomBytes(24).toString('hex'),
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
    [`${country}_SIGNING_KEY`]: own.signingKey,
    [`${country}_PARTNER_PUBLIC_KEYS`]: `${partnerKeyId}=${partner.publicKey}`,
    [`${country}_PAYLOAD_KEYS`]: `${country.toLowerCase()}-k1=${own.payloadKey}`,
    [`${country}_OPERATOR_TOKEN`]: own.operatorToken,
  };
}

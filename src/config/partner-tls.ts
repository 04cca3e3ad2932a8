// Mutual TLS between the nodes, off by default (the demo talks plain http on loopback). With it, the
// partner door speaks TLS with its own certificate and takes only callers whose client certificate
// the partner's CA issued, and transmit presents this node's client certificate and trusts only the
// partner's CA: the signature proves who wrote a message, mutual TLS who may even connect.
import fs from 'node:fs';
import type { Country } from './country';
import type { Reader } from './reader';

export interface PartnerTlsConfig {
  /** PEM files of the partner door's own certificate and key: the door listens on https when set. */
  serverCertPath?: string;
  serverKeyPath?: string;
  /** PEM file of the CA that issues the partner's client certificates: the door then requires one. */
  clientCaPath?: string;
  /** PEM files of the certificate and key this node presents when it sends to the partner. */
  clientCertPath?: string;
  clientKeyPath?: string;
  /** PEM file of the CA this node trusts for the partner door's certificate (instead of the system's). */
  serverCaPath?: string;
}

const VARIABLES: Record<keyof PartnerTlsConfig, string> = {
  serverCertPath: 'PARTNER_TLS_CERT',
  serverKeyPath: 'PARTNER_TLS_KEY',
  clientCaPath: 'PARTNER_TLS_CLIENT_CA',
  clientCertPath: 'PARTNER_CLIENT_CERT',
  clientKeyPath: 'PARTNER_CLIENT_KEY',
  serverCaPath: 'PARTNER_CA',
};

/** `<C>_PARTNER_TLS_CERT`, `_KEY`, `_CLIENT_CA` (the door) and `<C>_PARTNER_CLIENT_CERT`, `_KEY`, `<C>_PARTNER_CA` (transmit). */
export function readPartnerTls(r: Reader, country: Country): PartnerTlsConfig {
  const name = (key: keyof PartnerTlsConfig) => `${country}_${VARIABLES[key]}`;
  const tls: PartnerTlsConfig = {};
  for (const key of Object.keys(VARIABLES) as Array<keyof PartnerTlsConfig>) {
    const file = r.text(name(key));
    if (file === undefined) continue;
    if (!fs.existsSync(file))
      r.problems.push(`${name(key)}="${file}" is not a readable file; give the path of a PEM file`);
    tls[key] = file;
  }
  const pair = (cert: keyof PartnerTlsConfig, key: keyof PartnerTlsConfig) => {
    if ((tls[cert] === undefined) !== (tls[key] === undefined))
      r.problems.push(`${name(cert)} and ${name(key)} go together: set both, or neither`);
  };
  pair('serverCertPath', 'serverKeyPath');
  pair('clientCertPath', 'clientKeyPath');
  if (tls.clientCaPath !== undefined && tls.serverCertPath === undefined)
    r.problems.push(
      `${name('clientCaPath')} needs ${name('serverCertPath')} and ${name('serverKeyPath')}: client certificates are asked for over TLS only`,
    );
  return tls;
}

/** The door's https options, or undefined for plain http. */
export function partnerDoorTls(tls: PartnerTlsConfig) {
  if (!tls.serverCertPath || !tls.serverKeyPath) return undefined;
  return {
    cert: fs.readFileSync(tls.serverCertPath),
    key: fs.readFileSync(tls.serverKeyPath),
    ...(tls.clientCaPath ? { ca: fs.readFileSync(tls.clientCaPath), requestCert: true, rejectUnauthorized: true } : {}),
  };
}

/** The client side's TLS options for transmit, or undefined when nothing is configured. */
export function partnerClientTls(tls: PartnerTlsConfig) {
  if (!tls.clientCertPath && !tls.serverCaPath) return undefined;
  return {
    ...(tls.clientCertPath && tls.clientKeyPath
      ? { cert: fs.readFileSync(tls.clientCertPath), key: fs.readFileSync(tls.clientKeyPath) }
      : {}),
    ...(tls.serverCaPath ? { ca: fs.readFileSync(tls.serverCaPath) } : {}),
  };
}

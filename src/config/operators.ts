// Who may use a node's operator door: operators with a configured token each, and operators signed
// in at an OpenID Connect identity provider. Both may be configured at once.
import type { Country } from './country';
import { isLoopbackUrl, type Reader } from './reader';

/** What an operator may do: read; read, correct and decide; all that plus legal holds and purge. */
export type OperatorRole = 'reader' | 'officer' | 'administrator';
export const OPERATOR_ROLES: readonly OperatorRole[] = ['reader', 'officer', 'administrator'];

/** One operator known by a configured token (the demo, or a deployment without an identity provider). */
export interface OperatorCredential {
  name: string;
  role: OperatorRole;
  token: string;
}

/** Operators signed in at an OpenID Connect identity provider: bearer access tokens checked against its JWKS. */
export interface OidcConfig {
  issuer: string;
  audience: string;
  jwksUrl: string;
  /** Claim naming the person, written to the audit as the actor. */
  actorClaim: string;
  /** Claim holding the person's roles (a string or an array); the highest known role wins. */
  roleClaim: string;
  /**
   * The `typ` header an access token must carry (RFC 9068: `at+jwt`), so an ID token or another JWT
   * the identity provider signed is not taken for an access token; undefined takes any.
   */
  tokenType?: string;
}

/** Minimum length of a port or operator token: 32 random bytes, base64url-encoded. */
export const MIN_TOKEN_CHARS = 43;
export const TOKEN_ADVICE = `shorter than ${MIN_TOKEN_CHARS} characters; use 32 random bytes: openssl rand -base64 32 | tr '+/' '-_' | tr -d '='`;

/** `name:role=token,...`: one configured token per operator. */
export function readOperators(r: Reader, name: string): OperatorCredential[] {
  const operators: OperatorCredential[] = [];
  for (const [who, token] of Object.entries(r.keyList(name))) {
    const [operator, role] = who.split(':');
    if (!/^[A-Za-z0-9._@-]{1,64}$/.test(operator ?? '') || !OPERATOR_ROLES.includes(role as OperatorRole)) {
      r.problems.push(
        `${name} entry "${who.slice(0, 80)}" is not NAME:ROLE=TOKEN with ROLE one of ${OPERATOR_ROLES.join(', ')}`,
      );
      continue;
    }
    if (token.length < MIN_TOKEN_CHARS) r.problems.push(`${name} token of operator ${operator} is ${TOKEN_ADVICE}`);
    operators.push({ name: operator, role: role as OperatorRole, token });
  }
  return operators;
}

/** `<C>_OIDC_ISSUER`, `<C>_OIDC_AUDIENCE` and `<C>_OIDC_JWKS_URL` together turn OIDC sign-in on. */
export function readOidc(r: Reader, country: Country): OidcConfig | undefined {
  const names = ['ISSUER', 'AUDIENCE', 'JWKS_URL'].map((n) => `${country}_OIDC_${n}`);
  const [issuer, audience, jwksUrl] = names.map((n) => r.text(n));
  if (issuer === undefined && audience === undefined && jwksUrl === undefined) return undefined;
  if (issuer === undefined || audience === undefined || jwksUrl === undefined) {
    r.problems.push(`${names.join(', ')} go together: set all three for OIDC sign-in, or none`);
    return undefined;
  }
  const jwks = r.url(`${country}_OIDC_JWKS_URL`, jwksUrl);
  if (URL.canParse(jwks) && new URL(jwks).protocol !== 'https:' && !isLoopbackUrl(new URL(jwks))) {
    r.problems.push(`${country}_OIDC_JWKS_URL must be https:// (http is for loopback only)`);
  }
  return {
    issuer,
    audience,
    jwksUrl: jwks,
    actorClaim: r.text(`${country}_OIDC_ACTOR_CLAIM`, 'sub')!,
    roleClaim: r.text(`${country}_OIDC_ROLE_CLAIM`, 'roles')!,
    tokenType: tokenTypeOf(r.text(`${country}_OIDC_TOKEN_TYPE`, 'at+jwt')!),
  };
}

/** `any` turns the `typ` check off, for an identity provider whose access tokens carry none (say why in the deployment). */
function tokenTypeOf(setting: string): string | undefined {
  return setting.toLowerCase() === 'any' ? undefined : setting;
}

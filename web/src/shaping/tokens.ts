/**
 * What the page needs from the OAuth2 token answer (RFC 6749 §5.1 + identity's extras). The
 * token's signature is checked by the gateway and every service; the page only reads its claims
 * to decide what to show, never to grant anything — the APIs decide (DESIGN §3 Auth).
 */

export interface TokenAnswer {
  access_token: string; token_type?: string; expires_in?: number; refresh_token?: string;
  password_change_required?: boolean;
}
export interface Claims { sub?: string; scope?: string; roles?: string[]; dept?: string; exp?: number; required_actions?: string[] | string; name?: string; }

export function decodeClaims(jwt: string): Claims {
  const part = jwt.split(".")[1];
  if (!part) throw new Error("not a JWT");
  const b64 = part.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(part.length / 4) * 4, "=");
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Claims;
}

export function scopes(claims: Claims): Set<string> {
  return new Set((claims.scope ?? "").split(/\s+/).filter(Boolean));
}

/**
 * Read permissions that make the ops centre useful: a token with none of them (a citizen's,
 * an enterprise's, a device's) is sent back to the sign-in page with a message.
 */
export const OPS_READ_SCOPES = ["grid:case.read", "grid:stats.read", "environment:alert.read"];

export function mayUseOpsCentre(claims: Claims): boolean {
  const have = scopes(claims);
  return OPS_READ_SCOPES.some((s) => have.has(s));
}

/** When to refresh: 60 s before expiry (or at half-life for short tokens). */
export function refreshDelayMs(expiresInS: number): number {
  return Math.max(5_000, Math.max(expiresInS - 60, expiresInS / 2) * 1000);
}

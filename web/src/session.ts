/**
 * Staff sign-in through the platform's OAuth2 token endpoint (POST /api/v1/auth/token,
 * identity ADR 0033): password grant, + `otp` for privileged roles (`mfa_required`), the
 * first-sign-in password change (`password_change_required`: a restricted token that can only
 * call /api/v1/me:changePassword), refresh before expiry. Tokens live in this module's memory
 * only — never localStorage or cookies — so closing the tab signs out and no script-readable
 * storage holds them.
 */
import { decodeClaims, mayUseOpsCentre, refreshDelayMs, type Claims, type TokenAnswer } from "./shaping/tokens";

export type SignInResult =
  | { kind: "ok" } | { kind: "mfa" } | { kind: "change-password"; restricted: string }
  | { kind: "error"; message: "badCredentials" | "locked" | "staffOnly" | "networkError" | "otpNeeded" };

let access: string | null = null;
let refresh: string | null = null;
let claims: Claims | null = null;
let timer: number | undefined;
const listeners = new Set<() => void>();

export const token = (): string | null => access;
export const currentClaims = (): Claims | null => claims;
export function onSignOut(fn: () => void): void { listeners.add(fn); }

async function grant(form: Record<string, string>): Promise<Response> {
  return fetch("/api/v1/auth/token", {
    method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  });
}

function accept(answer: TokenAnswer): SignInResult {
  const c = decodeClaims(answer.access_token);
  if (!mayUseOpsCentre(c)) return { kind: "error", message: "staffOnly" };
  access = answer.access_token; refresh = answer.refresh_token ?? null; claims = c;
  window.clearTimeout(timer);
  if (refresh && answer.expires_in) timer = window.setTimeout(() => void refreshNow(), refreshDelayMs(answer.expires_in));
  return { kind: "ok" };
}

export async function signIn(username: string, password: string, otp?: string): Promise<SignInResult> {
  let r: Response;
  try {
    r = await grant({ grant_type: "password", username, password, ...(otp ? { otp } : {}) });
  } catch {
    return { kind: "error", message: "networkError" };
  }
  const body = await r.json().catch(() => ({}));
  if (r.ok) {
    if (body.password_change_required) return { kind: "change-password", restricted: body.access_token };
    return accept(body as TokenAnswer);
  }
  if (body.error === "mfa_required") return otp ? { kind: "error", message: "badCredentials" } : { kind: "mfa" };
  if (r.status === 429 || /lock/i.test(body.error_description ?? "")) return { kind: "error", message: "locked" };
  return { kind: "error", message: r.status >= 500 ? "networkError" : "badCredentials" };
}

/** Change the initial password with the restricted token, then sign in with the new one. */
export async function changePasswordAndSignIn(restricted: string, username: string, current: string,
  next: string): Promise<SignInResult> {
  const r = await fetch("/api/v1/me:changePassword", {
    method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${restricted}` },
    body: JSON.stringify({ currentPassword: current, newPassword: next }),
  }).catch(() => null);
  if (!r) return { kind: "error", message: "networkError" };
  if (!r.ok) return { kind: "error", message: "badCredentials" };
  return signIn(username, next);
}

export async function refreshNow(): Promise<boolean> {
  if (!refresh) return false;
  const r = await grant({ grant_type: "refresh_token", refresh_token: refresh }).catch(() => null);
  if (!r || !r.ok) { signOut(); return false; }
  return accept(await r.json()).kind === "ok";
}

export function signOut(): void {
  const old = refresh;
  access = refresh = null; claims = null;
  window.clearTimeout(timer);
  if (old) void fetch("/api/v1/auth/revoke", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ token: old, token_type_hint: "refresh_token" }).toString() }).catch(() => undefined);
  listeners.forEach((fn) => fn());
}

export type ApiResult<T> = { ok: true; body: T } | { ok: false; status: number };

/** GET an API path with the bearer token; one refresh on 401, then sign-out. */
export async function api<T>(path: string): Promise<ApiResult<T>> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const r = await fetch(path, { headers: access ? { Authorization: `Bearer ${access}` } : {} }).catch(() => null);
    if (!r) return { ok: false, status: 0 };
    if (r.status === 401 && attempt === 0 && (await refreshNow())) continue;
    if (r.status === 401) { signOut(); return { ok: false, status: 401 }; }
    if (!r.ok) return { ok: false, status: r.status };
    return { ok: true, body: (await r.json()) as T };
  }
  return { ok: false, status: 401 };
}

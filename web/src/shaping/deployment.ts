/**
 * Which panels have data: a panel shows its component's data only when the gateway routes that
 * component (its JLP_<NAME>_ADDR is configured, ADR 0006). The gateway's /readyz lists every
 * routed backend under `services` (200 when all are SERVING, 503 with the same body otherwise),
 * so an unrouted component is "not deployed" and a routed but failing one "unavailable" — never
 * fake data in either case.
 */

export type Availability = "ready" | "unavailable" | "not-deployed";

export interface ReadyzJson { status?: string; services?: Record<string, string>; }

export function availability(readyz: ReadyzJson | null, component: string): Availability {
  const state = readyz?.services?.[component];
  if (state === undefined) return "not-deployed";
  return state === "SERVING" ? "ready" : "unavailable";
}

/**
 * The REST paths each panel reads: the `google.api.http` GET annotations of each component's
 * proto (proto/jlp/<pkg>/v1/*.proto), query parameters in proto3 JSON names of the request
 * message; `{name}` is filled by `sourcePath`. tests/services.test.ts checks every path against
 * the protos, so a renamed route or field fails there, not on the wall screen.
 */
export const PANEL_SOURCES = {
  cases: { component: "grid-event", paths: ["/api/v1/cases:stats", "/api/v1/cases", "/api/v1/cases?overdue=true", "/api/v1/grids?includeGeometry=true"] },
  environment: { component: "environment", paths: ["/api/v1/environment/latest?kind=AIR", "/api/v1/environment/alerts?state=OPEN"] },
  tourism: { component: "tourism", paths: ["/api/v1/tourism/districtTotals", "/api/v1/tourism/spots/{spotId}/flowCurve?intervalMinutes=30"] },
  video: { component: "video-index", paths: ["/api/v1/video/coverage", "/api/v1/video/cameras?online=false&pageSize=1000"] },
  investment: { component: "investment", paths: ["/api/v1/investment/funnel", "/api/v1/investment/stageConfigs/{version}"] },
  social: { component: "social-security", paths: ["/api/v1/social/careRequests?pageSize=1000", "/api/v1/social/aidChecks?outcome=INCOMPLETE&pageSize=1000"] },
} as const;
export type PanelId = keyof typeof PANEL_SOURCES;

/** A panel's `index`-th path with its `{name}` placeholders filled (URL-encoded). */
export function sourcePath(panel: PanelId, index: number, vars: Record<string, string> = {}): string {
  const template: string = PANEL_SOURCES[panel].paths[index];
  return template.replace(/\{(\w+)\}/g, (_, k: string) => {
    if (vars[k] === undefined) throw new Error(`${panel} path ${index} needs ${k}`);
    return encodeURIComponent(vars[k]);
  });
}

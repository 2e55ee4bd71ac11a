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
 * The REST paths each panel reads. The first three components exist; the last four follow
 * their issues (/tmp/issues/10–13, being built): when they land, only the paths and the field
 * names in `shaping/services.ts` may need adjusting — the panels and tests stay.
 */
export const PANEL_SOURCES = {
  cases: { component: "grid-event", paths: ["/api/v1/cases:stats", "/api/v1/cases", "/api/v1/cases?overdue=true", "/api/v1/grids?includeGeometry=true"] },
  environment: { component: "environment", paths: ["/api/v1/environment/latest?kind=AIR", "/api/v1/environment/alerts?state=OPEN"] },
  tourism: { component: "tourism", paths: ["/api/v1/tourism/spots", "/api/v1/tourism/spots/{id}/occupancy"] },
  video: { component: "video-index", paths: ["/api/v1/video/coverage", "/api/v1/video/cameras?online=false"] },
  investment: { component: "investment", paths: ["/api/v1/investment/funnel"] },
  social: { component: "social-security", paths: ["/api/v1/social/careRequests", "/api/v1/social/aidChecks?result=INCOMPLETE"] },
} as const;
export type PanelId = keyof typeof PANEL_SOURCES;

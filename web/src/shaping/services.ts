/**
 * Data shaping of the panels whose services are being built (tourism, video-index, investment,
 * social-security). The rules come from the standards and the issues, not from the services, so
 * they are written and tested now; the field names of the responses are those the issues
 * describe and are read in one place each (the `*Json` types) so wiring is small.
 */

// --- tourism: LB/T 034-2014 crowding ladder (/work/shared/reference/scenic-capacity.md §3) ----
export type CrowdingLevel = "normal" | "yellow" | "orange" | "red";

/** 80 % of the maximum capacity: yellow (三级), 90 %: orange (二级), 100 %: red (一级). */
export function crowdingLevel(inside: number, capacity: number): CrowdingLevel {
  if (!(capacity > 0)) throw new Error("capacity must be positive");
  const ratio = inside / capacity;
  if (ratio >= 1) return "red";
  if (ratio >= 0.9) return "orange";
  if (ratio >= 0.8) return "yellow";
  return "normal";
}

export interface OccupancyJson { spotId: string; spotName?: string; inside?: number; capacity?: number; }
export interface OccupancyRow { id: string; name: string; inside: number; capacity: number; ratio: number; level: CrowdingLevel; }

export function occupancyRows(items: OccupancyJson[]): OccupancyRow[] {
  return items.filter((o) => (o.capacity ?? 0) > 0).map((o) => {
    const inside = o.inside ?? 0, capacity = o.capacity!;
    return { id: o.spotId, name: o.spotName ?? o.spotId, inside, capacity, ratio: inside / capacity,
      level: crowdingLevel(inside, capacity) };
  }).sort((a, b) => b.ratio - a.ratio);
}

// --- video: camera density against the 158 and 205 per km² targets (issue 10) ---------------
export const DENSITY_TARGETS = [158, 205] as const;

export interface CoverageJson { subdistrictCode: string; subdistrictName?: string; areaKm2?: number; cameras?: number; online?: number; }
export interface CoverageRow { code: string; name: string; perKm2: number; gapTo158: number; gapTo205: number; offline: number; }

/** Cameras per km² and how many cameras short of each target (0 when met). */
export function coverageRows(items: CoverageJson[]): CoverageRow[] {
  return items.filter((c) => (c.areaKm2 ?? 0) > 0).map((c) => {
    const area = c.areaKm2!, cameras = c.cameras ?? 0;
    const gap = (target: number) => Math.max(0, Math.ceil(target * area - cameras));
    return { code: c.subdistrictCode, name: c.subdistrictName ?? c.subdistrictCode, perKm2: cameras / area,
      gapTo158: gap(158), gapTo205: gap(205), offline: Math.max(0, cameras - (c.online ?? cameras)) };
  }).sort((a, b) => a.perKm2 - b.perKm2);
}

// --- investment: funnel and weighted pipeline (issue 12) ---------------------------------------
export interface FunnelStageJson { stage: string; count?: number; amount?: number; probability?: number; }
export interface FunnelRow { stage: string; count: number; conversion: number | null; weighted: number; }

/** Stage-to-stage conversion (count of a stage / count of the one before) and Σ amount × probability. */
export function funnelRows(stages: FunnelStageJson[]): { rows: FunnelRow[]; weightedPipeline: number } {
  const rows = stages.map((s, i) => {
    const count = s.count ?? 0, before = i > 0 ? stages[i - 1].count ?? 0 : 0;
    return { stage: s.stage, count, conversion: i > 0 && before > 0 ? count / before : null,
      weighted: (s.amount ?? 0) * (s.probability ?? 0) };
  });
  return { rows, weightedPipeline: rows.reduce((n, r) => n + r.weighted, 0) };
}

// --- social security: care requests and aid checks (issue 13) ----------------------------------
export interface CareRequestJson { id: string; state?: string; dueTime?: string; kind?: string; }
export interface AidCheckJson { id: string; result?: string; }

const WAITING = new Set(["SUBMITTED", "WAITING", "ASSIGNED"]);

export function careSummary(requests: CareRequestJson[], checks: AidCheckJson[], now: Date) {
  const waiting = requests.filter((r) => WAITING.has(r.state ?? ""));
  return {
    waiting: waiting.length,
    overdue: waiting.filter((r) => r.dueTime && new Date(r.dueTime) < now).length,
    aidIncomplete: checks.filter((c) => c.result === "INCOMPLETE").length,
  };
}

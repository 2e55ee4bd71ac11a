/**
 * Data shaping of the tourism, video-index, investment and social-security panels. Each `*Json`
 * type is the proto3 JSON of the service's own message (lowerCamelCase; the gateway prints
 * every non-`optional` scalar, `optional` ones only when set; int64 would be a string), read in
 * this one place: proto/jlp/tourism/v1/tourism.proto (DistrictTotals, Occupancy, FlowCurve),
 * proto/jlp/video_index/v1/video_index.proto (Coverage, Camera), proto/jlp/investment/v1/
 * investment.proto (FunnelReport, StageConfig, Project), proto/jlp/social_security/v1/
 * social_security.proto (CareRequest, AidCheck).
 *
 * The services decide the figures (crowding level with its hysteresis, cameras per km² and the
 * gaps to the benchmarks, funnel conversions, the weighted pipeline); the page only arranges
 * them, and falls back to the standard's rule where a figure is absent.
 */

// --- tourism: LB/T 034-2014 crowding ladder (/work/shared/reference/scenic-capacity.md §3) ----
export type CrowdingLevel = "normal" | "yellow" | "orange" | "red";
const LEVEL_ORDER: CrowdingLevel[] = ["normal", "yellow", "orange", "red"];

/** 80 % of the maximum capacity: yellow (三级), 90 %: orange (二级), 100 %: red (一级). */
export function crowdingLevel(inside: number, capacity: number): CrowdingLevel {
  if (!(capacity > 0)) throw new Error("capacity must be positive");
  const ratio = inside / capacity;
  if (ratio >= 1) return "red";
  if (ratio >= 0.9) return "orange";
  if (ratio >= 0.8) return "yellow";
  return "normal";
}

/** tourism.v1.Load */
export interface LoadJson { measure?: string; count?: number; capacity?: number; percent?: number; level?: string; }
/** tourism.v1.Occupancy */
export interface OccupancyJson {
  spotId: string; spotName?: string; date?: string; instantaneous?: LoadJson; daily?: LoadJson;
  salesOpen?: boolean; oneOutOneIn?: boolean; asOf?: string;
}
/** tourism.v1.DistrictTotals */
export interface DistrictTotalsJson {
  date?: string; inside?: number; entriesToday?: number; instantaneousCapacity?: number; dailyCapacity?: number;
  spotsAtRed?: number; spotsAtOrange?: number; spotsAtYellow?: number; spots?: OccupancyJson[];
}
export interface LoadRow { count: number; capacity: number; ratio: number; level: CrowdingLevel; }
export interface OccupancyRow {
  id: string; name: string; inside: LoadRow; daily: LoadRow | null; level: CrowdingLevel; salesOpen: boolean; oneOutOneIn: boolean;
}

/** The service's level (it applies the hysteresis band); the ladder itself when it sent none. */
function loadRow(load: LoadJson | undefined): LoadRow | null {
  const capacity = load?.capacity ?? 0;
  if (!(capacity > 0)) return null;
  const count = load?.count ?? 0;
  const sent = (load?.level ?? "").toLowerCase() as CrowdingLevel;
  return { count, capacity, ratio: count / capacity, level: LEVEL_ORDER.includes(sent) ? sent : crowdingLevel(count, capacity) };
}

/** Spots by their instantaneous load, highest first; a spot's level is the worse of its two loads. */
export function occupancyRows(items: OccupancyJson[]): OccupancyRow[] {
  const rows: OccupancyRow[] = [];
  for (const o of items) {
    const inside = loadRow(o.instantaneous);
    if (!inside) continue;
    const daily = loadRow(o.daily);
    const level = LEVEL_ORDER[Math.max(LEVEL_ORDER.indexOf(inside.level), daily ? LEVEL_ORDER.indexOf(daily.level) : 0)];
    rows.push({ id: o.spotId, name: o.spotName || o.spotId, inside, daily, level,
      salesOpen: o.salesOpen ?? true, oneOutOneIn: o.oneOutOneIn ?? false });
  }
  return rows.sort((a, b) => b.inside.ratio - a.inside.ratio);
}

/** tourism.v1.FlowPoint / FlowCurve */
export interface FlowPointJson { startTime?: string; entries?: number; exits?: number; inside?: number; cumulativeEntries?: number; }
export interface FlowCurveJson { spotId?: string; date?: string; intervalMinutes?: number; points?: FlowPointJson[]; peakInside?: number; peakTime?: string; }

/** Today's flow curve as chart series: Beijing-time labels, people inside and entries per interval. */
export function flowSeries(curve: FlowCurveJson): { labels: string[]; inside: number[]; entries: number[]; peak: number } {
  const fmt = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hour12: false, timeZone: "Asia/Shanghai" });
  const points = (curve.points ?? []).filter((p) => p.startTime);
  return {
    labels: points.map((p) => fmt.format(new Date(p.startTime!))),
    inside: points.map((p) => p.inside ?? 0),
    entries: points.map((p) => p.entries ?? 0),
    peak: curve.peakInside ?? Math.max(0, ...points.map((p) => p.inside ?? 0)),
  };
}

// --- video: camera density against the 158 and 205 per km² benchmarks (issue 10) ---------------
export const DENSITY_TARGETS = [158, 205] as const;

/** video_index.v1.CoverageFigures */
export interface CoverageFiguresJson {
  code: string; name?: string; areaKm2?: number; cameras?: number; onlineCameras?: number; camerasPerKm2?: number;
  gapToShanghai?: number; gapToShenzhen?: number; keyPlaces?: number; keyPlacesCovered?: number; keyPlaceCoverage?: number;
}
/** video_index.v1.Coverage */
export interface CoverageJson { date?: string; computeTime?: string; district?: CoverageFiguresJson; subdistricts?: CoverageFiguresJson[]; }
export interface CoverageRow { code: string; name: string; cameras: number; perKm2: number; gapTo158: number; gapTo205: number; offline: number; }

/** Cameras per km² and how many cameras short of each benchmark (0 when met), lowest density first. */
export function coverageRow(c: CoverageFiguresJson): CoverageRow | null {
  const area = c.areaKm2 ?? 0;
  if (!(area > 0)) return null;
  const cameras = c.cameras ?? 0;
  const gap = (target: number) => Math.max(0, Math.ceil(target * area - cameras));
  return { code: c.code, name: c.name || c.code, cameras, perKm2: c.camerasPerKm2 ?? cameras / area,
    gapTo158: c.gapToShanghai ?? gap(158), gapTo205: c.gapToShenzhen ?? gap(205),
    offline: Math.max(0, cameras - (c.onlineCameras ?? cameras)) };
}

export function coverageRows(coverage: CoverageJson): { district: CoverageRow | null; subdistricts: CoverageRow[] } {
  return {
    district: coverage.district ? coverageRow(coverage.district) : null,
    subdistricts: (coverage.subdistricts ?? []).map(coverageRow).filter((r): r is CoverageRow => r !== null)
      .sort((a, b) => a.perKm2 - b.perKm2),
  };
}

/** video_index.v1.Camera (the fields the lists show) */
export interface CameraJson { id: string; name?: string; subdistrictName?: string; subdistrictCode?: string; status?: string; statusTime?: string; ownerDepartmentId?: string; hd?: boolean; }

// --- investment: funnel and weighted pipeline (issue 12) ---------------------------------------
/** investment.v1.StageConversion / MonthlyPipeline / StaleProject / FunnelReport */
export interface StageConversionJson { cohort?: string; fromStage: string; toStage: string; reachedFrom?: number; reachedTo?: number; rate?: number; }
export interface MonthlyPipelineJson { month: string; weightedAmountWan?: string; projects?: number; }
export interface StaleProjectJson { projectId: string; name?: string; stage?: string; daysInStage?: number; }
export interface FunnelReportJson {
  startTime?: string; endTime?: string; conversions?: StageConversionJson[]; staleProjects?: StaleProjectJson[];
  weightedPipeline?: MonthlyPipelineJson[]; stageConfigVersion?: number;
}
/** investment.v1.Stage / StageConfig */
export interface StageJson { code: string; name?: string; kind?: string; order?: number; }
export interface StageConfigJson { version?: number; stages?: StageJson[]; }
export interface FunnelRow { stage: string; name: string; reached: number; conversion: number | null; }

/**
 * The funnel over every cohort of the window: how many projects reached each stage of the
 * forward order, and the share of those that reached the next (Σ reached_to / Σ reached_from
 * of the pair, FunnelReport's definition summed over cohorts). Stage order and names from the
 * stage configuration the report was computed with; the conversions' own order without it.
 */
export function funnelRows(report: FunnelReportJson, config: StageConfigJson | null): FunnelRow[] {
  const pairs = new Map<string, { from: number; to: number }>();
  const order: string[] = [];
  for (const c of report.conversions ?? []) {
    const key = `${c.fromStage}>${c.toStage}`;
    const sum = pairs.get(key) ?? { from: 0, to: 0 };
    sum.from += c.reachedFrom ?? 0; sum.to += c.reachedTo ?? 0;
    pairs.set(key, sum);
    for (const s of [c.fromStage, c.toStage]) if (!order.includes(s)) order.push(s);
  }
  const forward = (config?.stages ?? []).filter((s) => (s.order ?? 0) > 0 && (s.kind === "OPEN" || s.kind === "WON"))
    .sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  const stages = forward.length ? forward.map((s) => s.code) : order;
  const names = new Map(forward.map((s) => [s.code, s.name || s.code]));
  return stages.map((stage, i) => {
    const into = i > 0 ? pairs.get(`${stages[i - 1]}>${stage}`) : undefined;
    const out = pairs.get(`${stage}>${stages[i + 1]}`);
    const reached = i === 0 ? out?.from ?? 0 : into?.to ?? out?.from ?? 0;
    return { stage, name: names.get(stage) ?? stage, reached,
      conversion: into && into.from > 0 ? into.to / into.from : null };
  });
}

/** The latest month-end's weighted pipeline (万元, the service's exact decimal string). */
export function latestWeightedPipeline(report: FunnelReportJson): MonthlyPipelineJson | null {
  const months = [...(report.weightedPipeline ?? [])].sort((a, b) => a.month.localeCompare(b.month));
  return months.at(-1) ?? null;
}

/** Groups the digits of a decimal string without turning it into a float (no rounding). */
export function formatDecimal(value: string | undefined): string {
  if (!value || !/^-?\d+(\.\d+)?$/.test(value)) return value || "—";
  const [whole, frac] = value.split(".");
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (frac ? `.${frac}` : "");
}

/** investment.v1.Project (the fields the list shows) */
export interface ProjectJson { id: string; name?: string; amountWan?: string; industryChain?: string; stage?: string; stageKind?: string; probability?: number; stale?: boolean; officerId?: string; stageEnterTime?: string; }

// --- social security: care requests and aid checks (issue 13) ----------------------------------
/** social_security.v1.CareRequest (the fields the panel reads) */
export interface CareRequestJson {
  id: string; serviceType?: string; state?: string; subdistrictCode?: string; address?: string; dueTime?: string;
  overdue?: boolean; escalated?: boolean; caseId?: string; providerId?: string; createTime?: string;
}
/** social_security.v1.AidCheck */
export interface AidCheckJson { id: string; householdId?: string; outcome?: string; unansweredSources?: string[]; }

/** No provider has taken it yet: WAITING (none with capacity) or ASSIGNED (offered, not accepted). */
export const CARE_WAITING = ["WAITING", "ASSIGNED"] as const;
/** Not yet served: the SLA (first check-in by `dueTime`) still runs. */
const NOT_STARTED = new Set(["WAITING", "ASSIGNED", "ACCEPTED"]);

export function isCareOverdue(r: CareRequestJson, now: Date): boolean {
  if (!NOT_STARTED.has(r.state ?? "")) return false;
  return Boolean(r.overdue) || (Boolean(r.dueTime) && new Date(r.dueTime!) < now);
}

/**
 * Waiting, overdue (not served by the SLA deadline — the service's flag, or the deadline passed
 * since it last looked) and escalated care requests; aid checks left INCOMPLETE (a source did
 * not answer), or null when the caller may not read aid checks.
 */
export function careSummary(requests: CareRequestJson[], checks: AidCheckJson[] | null, now: Date) {
  return {
    waiting: requests.filter((r) => (CARE_WAITING as readonly string[]).includes(r.state ?? "")).length,
    overdue: requests.filter((r) => isCareOverdue(r, now)).length,
    escalated: requests.filter((r) => r.escalated && NOT_STARTED.has(r.state ?? "")).length,
    aidIncomplete: checks === null ? null : checks.filter((c) => c.outcome === "INCOMPLETE").length,
  };
}

// --- live alerts of these services (SSE `data`, the events.proto messages in proto3 JSON) -----
/** Ladder colours for chips (text colour from `textOn`, WCAG AA checked in the tests). */
export const CROWDING_COLOURS: Record<CrowdingLevel, string> = { normal: "#1B6E2D", yellow: "#FFD400", orange: "#FF7E00", red: "#C00000" };

export interface LiveAlert { panel: "tourism" | "video" | "investment" | "social"; key: string; kind: string; subject: string; detail: string[]; level?: CrowdingLevel; }

type EventData = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");

/**
 * One line for a live event of the four services (tourism.v1 CrowdingRaised / CrowdingCleared,
 * video_index.v1 DetectionAlerted / CameraOffline / CameraOnline, investment.v1
 * ProjectStageChanged / ProjectSigned / ProjectLost, social_security.v1 CareRequestEscalated);
 * null for any other type. `detail` holds enum codes (shown through `enumName`) and figures. `key` is the event's own idempotency id, so a replayed event
 * replaces its line instead of adding one.
 */
export function liveAlert(type: string, data: EventData): LiveAlert | null {
  const percent = typeof data.percent === "number" ? `${data.percent.toFixed(1)} %` : "";
  switch (type) {
    case "tourism.crowding.raised": {
      const level = str(data.level).toLowerCase() as CrowdingLevel;
      return { panel: "tourism", key: str(data.crowdingId), kind: "evCrowding", subject: str(data.spotName) || str(data.spotId),
        detail: [str(data.measure), percent], level: LEVEL_ORDER.includes(level) ? level : undefined };
    }
    case "tourism.crowding.cleared":
      return { panel: "tourism", key: `${str(data.crowdingId)}:cleared`, kind: "evCrowdingCleared", subject: str(data.spotId),
        detail: [str(data.measure), percent], level: "normal" };
    case "video.detection.alerted":
      return { panel: "video", key: str(data.alertId), kind: "evDetection", subject: str(data.cameraName) || str(data.cameraId),
        detail: [str(data.label), str(data.severity)] };
    case "video.camera.offline":
      return { panel: "video", key: str(data.outageId), kind: "evOffline", subject: str(data.cameraName) || str(data.cameraId), detail: [str(data.status)] };
    case "video.camera.online":
      return { panel: "video", key: `${str(data.outageId)}:online`, kind: "evOnline", subject: str(data.cameraId), detail: [] };
    case "investment.project.stage_changed":
    case "investment.project.signed":
    case "investment.project.lost":
      return { panel: "investment", key: `${str(data.projectId)}:${str(data.changeTime)}:${type}`, kind: "evStage", subject: str(data.projectName) || str(data.projectId),
        detail: type.endsWith("stage_changed") ? [str(data.fromStage), "→", str(data.toStage)] : [type.endsWith("signed") ? "SIGNED" : "LOST"] };
    case "social.care_request.escalated":
      return { panel: "social", key: str(data.careRequestId), kind: "evEscalated", subject: str(data.serviceType), detail: [str(data.subdistrictCode)] };
    default:
      return null;
  }
}

/** The newest alerts first, one per key, at most `limit`. */
export function pushAlert(list: LiveAlert[], alert: LiveAlert, limit = 5): LiveAlert[] {
  return [alert, ...list.filter((a) => a.key !== alert.key)].slice(0, limit);
}

/**
 * A crowding event applied to the spot rows at once (the panel re-reads the totals right after):
 * the load it measured (instantaneous or daily) takes the event's count, capacity and level.
 * Rows of other spots, and events of unknown spots, leave the list as it was.
 */
export function applyCrowding(rows: OccupancyRow[], type: string, data: EventData): OccupancyRow[] {
  if (type !== "tourism.crowding.raised" && type !== "tourism.crowding.cleared") return rows;
  const i = rows.findIndex((r) => r.id === str(data.spotId));
  const capacity = typeof data.capacity === "number" ? data.capacity : 0;
  if (i < 0 || !(capacity > 0)) return rows;
  const sent = str(type.endsWith("raised") ? data.level : data.newLevel).toLowerCase() as CrowdingLevel;
  const count = typeof data.count === "number" ? data.count : 0;
  const load: LoadRow = { count, capacity, ratio: count / capacity, level: LEVEL_ORDER.includes(sent) ? sent : crowdingLevel(count, capacity) };
  const row = { ...rows[i], ...(str(data.measure) === "DAILY" ? { daily: load } : { inside: load }) };
  row.level = LEVEL_ORDER[Math.max(LEVEL_ORDER.indexOf(row.inside.level), row.daily ? LEVEL_ORDER.indexOf(row.daily.level) : 0)];
  return rows.map((r, j) => (j === i ? row : r)).sort((a, b) => b.inside.ratio - a.inside.ratio);
}

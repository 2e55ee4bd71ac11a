/**
 * Cases panel data: KPIs from grid-event's GetCaseStats (GB/T 30428.4 performance review
 * figures, computed by the service), open cases by status and subdistrict for the map, the
 * overdue list. Statuses follow the lifecycle of GB/T 30428.1 (信息收集 → 立案 → 派遣 → 处置 →
 * 处理反馈 → 核查结案), proto/jlp/grid_event/v1/case.proto `CaseStatus`.
 */

export const LIFECYCLE = ["REPORTED", "REGISTERED", "DISPATCHED", "IN_PROGRESS", "RESOLVED",
  "RETURNED", "REOPENED", "CLOSED", "REJECTED", "CANCELLED"] as const;
export type CaseStatus = (typeof LIFECYCLE)[number];
export const TERMINAL: ReadonlySet<string> = new Set(["CLOSED", "REJECTED", "CANCELLED"]);

export function isOpen(status: string): boolean {
  return !TERMINAL.has(status);
}

export interface CaseStatsJson {
  total?: number; byStatus?: Record<string, number>; bySubdistrict?: Record<string, number>;
  closed?: number; closedOnTime?: number; onTimeClosureRate?: number; openOverdue?: number;
}

export interface CaseKpis {
  total: number; open: number; overdue: number; closed: number; closedOnTime: number;
  /** 0..1, or null when nothing was closed (a rate of nothing is not 0 %). */
  onTimeRate: number | null;
}

export function caseKpis(stats: CaseStatsJson): CaseKpis {
  const byStatus = stats.byStatus ?? {};
  const terminal = [...TERMINAL].reduce((n, s) => n + (byStatus[s] ?? 0), 0);
  const total = stats.total ?? 0;
  const closed = stats.closed ?? 0;
  return {
    total, open: Math.max(0, total - terminal), overdue: stats.openOverdue ?? 0, closed,
    closedOnTime: stats.closedOnTime ?? 0,
    onTimeRate: closed > 0 ? (stats.onTimeClosureRate ?? (stats.closedOnTime ?? 0) / closed) : null,
  };
}

/** [status, count] in lifecycle order, unknown statuses last, zero counts kept (a stable axis). */
export function statusSeries(stats: CaseStatsJson): [string, number][] {
  const byStatus = stats.byStatus ?? {};
  const known: [string, number][] = LIFECYCLE.map((s) => [s, byStatus[s] ?? 0]);
  const extra = Object.keys(byStatus).filter((s) => !(LIFECYCLE as readonly string[]).includes(s)).sort();
  return [...known, ...extra.map((s): [string, number] => [s, byStatus[s]])];
}

export interface CaseJson {
  id: string; status: string; categoryCode?: string; categoryName?: string; description?: string;
  location?: { lon?: number; lat?: number }; subdistrictCode?: string; subdistrictName?: string;
  gridCode?: string; departmentId?: string; overdue?: boolean; urgency?: string; createTime?: string;
  deadlines?: Record<string, string>;
}

export interface CaseDot { id: string; lon: number; lat: number; status: string; overdue: boolean; }

/** The open cases of the map: one dot each, and open counts per subdistrict code. */
export interface OpenCases { dots: CaseDot[]; bySubdistrict: Record<string, number>; }

export function openCases(cases: CaseJson[]): OpenCases {
  const dots: CaseDot[] = [];
  const bySubdistrict: Record<string, number> = {};
  for (const c of cases) {
    if (!isOpen(c.status)) continue;
    if (c.subdistrictCode) bySubdistrict[c.subdistrictCode] = (bySubdistrict[c.subdistrictCode] ?? 0) + 1;
    const lon = c.location?.lon, lat = c.location?.lat;
    if (typeof lon === "number" && typeof lat === "number") {
      dots.push({ id: c.id, lon, lat, status: c.status, overdue: Boolean(c.overdue) });
    }
  }
  return { dots, bySubdistrict };
}

/** Overdue open cases, the oldest first (the one waiting longest is at the top). */
export function overdueList(cases: CaseJson[]): CaseJson[] {
  return cases.filter((c) => c.overdue && isOpen(c.status))
    .sort((a, b) => (a.createTime ?? "").localeCompare(b.createTime ?? ""));
}

/** A live event's payload (proto3 JSON of CaseCreated / CaseStatusChanged / CaseClosed). */
export interface CaseEventData {
  caseId?: string; status?: string; toStatus?: string; fromStatus?: string; lon?: number; lat?: number;
  subdistrictCode?: string; departmentId?: string; createTime?: string;
}

/**
 * Apply one live case event to the cached list, so the map and counts move at once; the panel
 * then re-reads the API (the event is a signal, the API stays the truth).
 */
export function applyCaseEvent(cases: CaseJson[], type: string, data: CaseEventData): CaseJson[] {
  const id = data.caseId;
  if (!id) return cases;
  const status = data.toStatus || data.status || "";
  const index = cases.findIndex((c) => c.id === id);
  if (type === "grid.case.created") {
    if (index >= 0) return cases;
    const created: CaseJson = {
      id, status: status || "REPORTED", subdistrictCode: data.subdistrictCode, createTime: data.createTime,
      location: typeof data.lon === "number" && typeof data.lat === "number" ? { lon: data.lon, lat: data.lat } : undefined,
    };
    return [created, ...cases];
  }
  if (index < 0 || !status) return cases;
  const updated = [...cases];
  updated[index] = { ...cases[index], status, ...(type === "grid.case.overdue" ? { overdue: true } : {}) };
  return updated;
}

/**
 * The tourism, video, investment and social-security panels: each reads its service's REST
 * paths (shaping/deployment.ts PANEL_SOURCES), shapes them (shaping/services.ts), draws itself
 * and keeps the last live alerts of its service. What a user sees is what the APIs give their
 * token: a 403 shows "not permitted", for the whole panel or for the one figure it concerns.
 */
import { enumName, formatPercent, t, type Key } from "../i18n";
import { textOn } from "../shaping/contrast";
import { sourcePath, type PanelId } from "../shaping/deployment";
import {
  applyCrowding, careSummary, coverageRows, CROWDING_COLOURS, flowSeries, formatDecimal, funnelRows, latestWeightedPipeline, occupancyRows,
  type AidCheckJson, type CareRequestJson, type CameraJson, type CoverageJson, type CoverageRow, type CrowdingLevel,
  type DistrictTotalsJson, type FlowCurveJson, type FunnelReportJson, type FunnelRow, type LiveAlert, type MonthlyPipelineJson,
  type OccupancyRow, type StageConfigJson,
} from "../shaping/services";
import { api, type ApiResult } from "../session";
import { lineChart } from "./charts";
import { h } from "./dom";

export type LoadOutcome = "ok" | "forbidden" | "failed";

const outcome = (...results: ApiResult<unknown>[]): LoadOutcome =>
  results.some((r) => !r.ok && r.status === 403) ? "forbidden" : results.every((r) => r.ok) ? "ok" : "failed";

export interface ServicePanel {
  readonly id: Exclude<PanelId, "cases" | "environment">;
  readonly detail: string;
  load(): Promise<LoadOutcome>;
  body(): HTMLElement[];
  afterRender(): void;
  /** A display name for an id an event carries (a spot's id in CrowdingCleared), if known. */
  nameOf?(id: string): string | undefined;
  /** Apply a live event to the figures at once (before the re-read). */
  apply?(type: string, data: Record<string, unknown>): void;
}

export const LEVEL_KEYS: Record<CrowdingLevel, Key> = { normal: "lvNormal", yellow: "lvYellow", orange: "lvOrange", red: "lvRed" };

export function levelChip(level: CrowdingLevel, text?: string): HTMLElement {
  const bg = CROWDING_COLOURS[level];
  return h("span", { class: "chip", "data-level": level, style: `background:${bg};color:${textOn(bg)}` }, text ?? t(LEVEL_KEYS[level]));
}

function figure(id: string, label: Key, value: string): HTMLElement {
  return h("div", { class: "figure", "data-figure": id }, h("span", { class: "kpi-label" }, t(label)), h("strong", { class: "figure-value" }, value));
}

export function table(head: Key[], rows: (string | HTMLElement)[][], attrs: (i: number) => Record<string, string> = () => ({})): HTMLElement {
  if (!rows.length) return h("p", { class: "empty" }, t("noData"));
  return h("table", { class: "list" }, h("thead", {}, h("tr", {}, ...head.map((k) => h("th", { scope: "col" }, t(k))))),
    h("tbody", {}, ...rows.map((r, i) => h("tr", attrs(i), ...r.map((c) => h("td", {}, c))))));
}

export function liveList(alerts: LiveAlert[], nameOf: (id: string) => string | undefined = () => undefined): HTMLElement | null {
  if (!alerts.length) return null;
  return h("div", { class: "live-alerts" }, h("h3", {}, t("liveEvents")),
    h("ul", { class: "alerts", "aria-live": "polite" }, ...alerts.map((a) => h("li", { "data-live-event": a.key, "data-kind": a.kind },
      a.level ? levelChip(a.level) : null, " ", h("strong", {}, t(a.kind as Key)), ` ${nameOf(a.subject) ?? enumName(a.subject)} ${a.detail.map(enumName).join(" ")}`))));
}

// --- tourism ------------------------------------------------------------------------------------
export class TourismPanel implements ServicePanel {
  readonly id = "tourism";
  readonly detail = "#/tourism";
  totals: DistrictTotalsJson | null = null;
  rows: OccupancyRow[] = [];
  flowSpot: string | null = null;
  flow: FlowCurveJson | null = null;

  /** `rerender` draws the page again (choosing a spot changes the curve and the pressed button). */
  constructor(private readonly rerender: () => void = () => undefined) {}

  nameOf(id: string): string | undefined {
    return this.rows.find((r) => r.id === id)?.name;
  }

  apply(type: string, data: Record<string, unknown>): void {
    this.rows = applyCrowding(this.rows, type, data);
  }

  async load(): Promise<LoadOutcome> {
    const totals = await api<DistrictTotalsJson>(sourcePath("tourism", 0));
    if (!totals.ok) return outcome(totals);
    this.totals = totals.body;
    this.rows = occupancyRows(totals.body.spots ?? []);
    if (!this.rows.some((r) => r.id === this.flowSpot)) this.flowSpot = this.rows[0]?.id ?? null;
    await this.loadFlow();
    return "ok";
  }

  async loadFlow(): Promise<void> {
    if (!this.flowSpot) { this.flow = null; return; }
    const r = await api<FlowCurveJson>(sourcePath("tourism", 1, { spotId: this.flowSpot }));
    this.flow = r.ok ? r.body : null;
  }

  body(): HTMLElement[] {
    const tt = this.totals ?? {};
    const spotName = this.rows.find((r) => r.id === this.flowSpot)?.name ?? "";
    return [
      h("div", { class: "figures" },
        figure("tourism-inside", "insideNow", `${tt.inside ?? 0} / ${tt.instantaneousCapacity ?? 0}`),
        figure("tourism-entries", "entriesToday", `${tt.entriesToday ?? 0} / ${tt.dailyCapacity ?? 0}`)),
      table(["spot", "occupancy", "level"], this.rows.map((o) => [
        h("button", { type: "button", class: "link", id: `spot-${o.id}`, "aria-pressed": o.id === this.flowSpot ? "true" : "false",
          onclick: () => { this.flowSpot = o.id; void this.loadFlow().then(this.rerender); } }, o.name),
        `${o.inside.count} / ${o.inside.capacity} (${formatPercent(o.inside.ratio)})`,
        levelChip(o.level)]), (i) => ({ "data-spot": this.rows[i].id, "data-level": this.rows[i].level })),
      h("h3", {}, t("flowCurve"), spotName ? ` · ${spotName}` : ""),
      h("div", { class: "chart small", id: "flow-chart", role: "figure", "aria-label": `${t("flowCurve")} ${spotName}` }),
    ];
  }

  afterRender(): void {
    const el = document.getElementById("flow-chart");
    if (!el || !this.flow) return;
    const s = flowSeries(this.flow);
    lineChart(el, s.labels, [{ name: t("insideNow"), values: s.inside, colour: "#1F5FAD" }, { name: t("entriesToday"), values: s.entries, colour: "#A4161A" }]);
  }
}

// --- video --------------------------------------------------------------------------------------
export class VideoPanel implements ServicePanel {
  readonly id = "video";
  readonly detail = "#/cameras?online=false";
  district: CoverageRow | null = null;
  subdistricts: CoverageRow[] = [];
  offline: number | null = null;
  offlineMore = false;

  async load(): Promise<LoadOutcome> {
    const [coverage, offline] = await Promise.all([api<CoverageJson>(sourcePath("video", 0)),
      api<{ cameras?: CameraJson[]; nextPageToken?: string }>(sourcePath("video", 1))]);
    if (coverage.ok) ({ district: this.district, subdistricts: this.subdistricts } = coverageRows(coverage.body));
    else if (coverage.status === 404) { this.district = null; this.subdistricts = []; } // no snapshot yet
    if (!coverage.ok && coverage.status !== 404) return outcome(coverage);
    this.offline = offline.ok ? offline.body.cameras?.length ?? 0 : null; // null: not permitted to list cameras
    this.offlineMore = offline.ok && Boolean(offline.body.nextPageToken);
    return "ok";
  }

  body(): HTMLElement[] {
    const d = this.district;
    return [
      h("div", { class: "figures" },
        figure("video-density", "districtDensity", d ? `${d.perKm2.toFixed(1)} / km²` : "—"),
        figure("video-offline", "camerasOffline", this.offline === null ? t("noPermission") : `${this.offline}${this.offlineMore ? "+" : ""}`)),
      table(["subdistrict", "perKm2", "gap158", "gap205", "camerasOffline"], this.subdistricts.slice(0, 8).map((c) =>
        [c.name, c.perKm2.toFixed(1), String(c.gapTo158), String(c.gapTo205), String(c.offline)]), (i) => ({ "data-coverage": this.subdistricts[i].code })),
    ];
  }

  afterRender(): void {}
}

// --- investment ---------------------------------------------------------------------------------
export class InvestmentPanel implements ServicePanel {
  readonly id = "investment";
  readonly detail = "#/projects";
  rows: FunnelRow[] = [];
  weighted: MonthlyPipelineJson | null = null;
  stale = 0;

  async load(): Promise<LoadOutcome> {
    const [funnel, config] = await Promise.all([api<FunnelReportJson>(sourcePath("investment", 0)),
      api<StageConfigJson>(sourcePath("investment", 1, { version: "current" }))]);
    if (!funnel.ok) return outcome(funnel);
    this.rows = funnelRows(funnel.body, config.ok ? config.body : null);
    this.weighted = latestWeightedPipeline(funnel.body);
    this.stale = funnel.body.staleProjects?.length ?? 0;
    return "ok";
  }

  body(): HTMLElement[] {
    return [
      h("div", { class: "figures" },
        figure("investment-weighted", "weighted", this.weighted ? `${formatDecimal(this.weighted.weightedAmountWan)} ${t("wan")}` : "—"),
        figure("investment-stale", "staleProjects", String(this.stale))),
      table(["stage", "reached", "conversion"], this.rows.map((r) => [
        h("span", {}, h("span", { class: "bar", style: `width:${barWidth(r.reached, this.rows)}` }), ` ${r.name}`),
        String(r.reached), formatPercent(r.conversion)]), (i) => ({ "data-stage": this.rows[i].stage })),
    ];
  }

  afterRender(): void {}
}

function barWidth(n: number, rows: FunnelRow[]): string {
  const max = Math.max(1, ...rows.map((r) => r.reached));
  return `${(4 * n / max).toFixed(2)}rem`;
}

// --- social security ----------------------------------------------------------------------------
export class SocialPanel implements ServicePanel {
  readonly id = "social";
  readonly detail = "#/care";
  summary: ReturnType<typeof careSummary> | null = null;
  more = false;

  async load(): Promise<LoadOutcome> {
    const [care, aid] = await Promise.all([api<{ careRequests?: CareRequestJson[]; nextPageToken?: string }>(sourcePath("social", 0)),
      api<{ aidChecks?: AidCheckJson[] }>(sourcePath("social", 1))]);
    if (!care.ok) return outcome(care);
    this.more = Boolean(care.body.nextPageToken);
    this.summary = careSummary(care.body.careRequests ?? [], aid.ok ? aid.body.aidChecks ?? [] : null, new Date());
    return "ok";
  }

  body(): HTMLElement[] {
    const s = this.summary;
    if (!s) return [];
    const more = this.more ? "+" : "";
    return [h("div", { class: "figures" },
      figure("care-waiting", "careWaiting", `${s.waiting}${more}`),
      figure("care-overdue", "careOverdue", `${s.overdue}${more}`),
      figure("care-escalated", "careEscalated", `${s.escalated}${more}`),
      figure("aid-incomplete", "aidIncomplete", s.aidIncomplete === null ? t("noPermission") : String(s.aidIncomplete)))];
  }

  afterRender(): void {}
}


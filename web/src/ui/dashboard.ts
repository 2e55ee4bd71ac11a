/**
 * The overview: KPIs, the map, one panel per domain, each linking to its detail list. Data is
 * read from the same APIs as any client (what a user sees is what the APIs give their token);
 * live events move the cached cases at once and schedule a re-read.
 */
import { formatPercent, formatTime, statusName, t, type Key } from "../i18n";
import { aqiRows, openAlerts, type AlertJson, type AqiRow, type StationLatestJson } from "../shaping/aqi";
import { applyCaseEvent, caseKpis, openCases, overdueList, statusSeries, type CaseEventData, type CaseJson, type CaseStatsJson } from "../shaping/cases";
import { availability, PANEL_SOURCES, type Availability, type PanelId, type ReadyzJson } from "../shaping/deployment";
import { features, type Feature, type GridJson } from "../shaping/geo";
import { RereadScheduler, rereadTargets, type RereadTarget } from "../shaping/reread";
import { liveAlert, pushAlert, type LiveAlert } from "../shaping/services";
import { api } from "../session";
import { barChart } from "./charts";
import { h } from "./dom";
import { districtMap } from "./map";
import { InvestmentPanel, liveList, SocialPanel, TourismPanel, VideoPanel, type ServicePanel } from "./panels";

const CASE_PAGE = 1000;

type PanelState = Availability | "forbidden" | "loading";

export class Dashboard {
  readyz: ReadyzJson | null = null;
  stats: CaseStatsJson | null = null;
  cases: CaseJson[] = [];
  casesTruncated = false;
  subdistricts: Feature[] = [];
  units: Feature[] = [];
  selected: string | null = null;
  aqi: AqiRow[] = [];
  alerts: AlertJson[] = [];
  state: Record<PanelId, PanelState> = { cases: "loading", environment: "loading", tourism: "loading", video: "loading", investment: "loading", social: "loading" };
  readonly services: ServicePanel[];
  alerts4: LiveAlert[] = [];
  updatedAt: Date | null = null;
  private renderTimer: number | undefined;
  /** Re-reads after live events: the union of what a burst made stale, one read at a time. */
  private readonly rereads = new RereadScheduler((targets) => this.reread(targets));

  constructor(private readonly render: () => void) {
    this.services = [new TourismPanel(render), new VideoPanel(), new InvestmentPanel(), new SocialPanel()];
  }

  /** The first read of every panel (no live re-read overlaps it, so none is overwritten by it). */
  async load(): Promise<void> {
    await this.rereads.exclusive(async () => {
      const r = await fetch("/readyz").catch(() => null);
      this.readyz = r ? await r.json().catch(() => null) : null;
      for (const id of Object.keys(PANEL_SOURCES) as PanelId[]) this.state[id] = availability(this.readyz, PANEL_SOURCES[id].component);
      await Promise.all([this.loadCases(), this.loadMap(), this.loadEnvironment(), this.loadOthers()]);
      this.updatedAt = new Date();
      this.render();
    });
  }

  /** Re-read the parts live events made stale, then draw them. */
  private async reread(targets: ReadonlySet<RereadTarget>): Promise<void> {
    const panels = this.services.map((p) => p.id).filter((id) => targets.has(id));
    await Promise.all([targets.has("cases") ? this.loadCases() : Promise.resolve(),
      targets.has("environment") ? this.loadEnvironment() : Promise.resolve(),
      panels.length ? this.loadOthers(panels) : Promise.resolve()]);
    this.updatedAt = new Date();
    this.render();
  }

  private async loadCases(): Promise<void> {
    if (this.state.cases !== "ready") return;
    const [stats, list] = await Promise.all([
      api<CaseStatsJson>("/api/v1/cases:stats"),
      api<{ cases?: CaseJson[]; nextPageToken?: string }>(`/api/v1/cases?pageSize=${CASE_PAGE}`),
    ]);
    if (!stats.ok && stats.status === 403) { this.state.cases = "forbidden"; return; }
    if (stats.ok) this.stats = stats.body;
    if (list.ok) { this.cases = list.body.cases ?? []; this.casesTruncated = Boolean(list.body.nextPageToken); }
  }

  private async loadMap(): Promise<void> {
    if (this.state.cases !== "ready" || this.subdistricts.length) return;
    const r = await api<{ grids?: GridJson[] }>("/api/v1/grids?level=SUBDISTRICT&includeGeometry=true&pageSize=100");
    if (r.ok) this.subdistricts = features(r.body.grids ?? []);
  }

  async select(code: string | null): Promise<void> {
    this.selected = code; this.units = [];
    if (code) {
      const communities = await api<{ grids?: GridJson[] }>(`/api/v1/grids?level=COMMUNITY&parentCode=${code}&pageSize=100`);
      if (communities.ok) {
        const pages = await Promise.all((communities.body.grids ?? []).map((c) =>
          api<{ grids?: GridJson[] }>(`/api/v1/grids?level=UNIT&parentCode=${c.code}&includeGeometry=true&pageSize=1000`)));
        this.units = pages.flatMap((p) => (p.ok ? features(p.body.grids ?? []) : []));
      }
    }
    this.render();
  }

  private async loadEnvironment(): Promise<void> {
    if (this.state.environment !== "ready") return;
    const [latest, alerts] = await Promise.all([
      api<{ stations?: StationLatestJson[] }>("/api/v1/environment/latest?kind=AIR"),
      api<{ alerts?: AlertJson[] }>("/api/v1/environment/alerts?state=OPEN&pageSize=100"),
    ]);
    if (latest.ok) this.aqi = aqiRows(latest.body.stations ?? []);
    if (alerts.ok) this.alerts = openAlerts(alerts.body.alerts ?? []);
    else if (alerts.status === 403) this.alerts = [];
  }

  /**
   * Tourism, video, investment, social security: each read only when routed (ui/panels.ts).
   * A re-read after a live event (`only`) also tries a panel left unavailable by an earlier
   * failed read: the service just published, so the panel comes back instead of staying
   * blank until a reload.
   */
  private async loadOthers(only?: readonly PanelId[]): Promise<void> {
    const readable = (s: PanelState) => s === "ready" || s === "forbidden" || (only !== undefined && s === "unavailable");
    await Promise.all(this.services.filter((p) => (!only || only.includes(p.id)) && readable(this.state[p.id]))
      .map(async (p) => {
        const result = await p.load();
        this.state[p.id] = result === "forbidden" ? "forbidden" : result === "ok" ? "ready" : "unavailable";
      }));
  }

  /** One redraw for a burst of events (a camera platform going down sends hundreds at once). */
  private scheduleRender(): void {
    if (this.renderTimer !== undefined) return;
    this.renderTimer = window.setTimeout(() => { this.renderTimer = undefined; this.render(); }, 100);
  }

  /**
   * A live event: apply it now, re-read the parts it made stale shortly after. Bursts are
   * coalesced (shaping/reread.ts): every part any event of the burst touched is re-read once,
   * whatever other events follow (a case or camera event right after a crowding warning used to
   * replace the tourism re-read, and the district total never moved).
   */
  onEvent(type: string, data: unknown): void {
    if (type.startsWith("grid.case.")) this.cases = applyCaseEvent(this.cases, type, data as CaseEventData);
    const alert = data && typeof data === "object" ? liveAlert(type, data as Record<string, unknown>) : null;
    if (alert) {
      this.alerts4 = pushAlert(this.alerts4, alert, 12);
      this.services.find((p) => p.id === alert.panel)?.apply?.(type, data as Record<string, unknown>);
    }
    this.scheduleRender();
    this.rereads.request(rereadTargets(type, alert?.panel));
  }

  view(): HTMLElement {
    const k = caseKpis(this.stats ?? {});
    const open = openCases(this.cases);
    const openNow = this.stats ? Math.max(k.open, open.dots.length) : null;
    const kpis = h("section", { class: "kpis", "aria-label": "KPI" },
      kpi("open", "kpiOpen", openNow === null ? "—" : String(openNow)),
      kpi("overdue", "kpiOverdue", this.stats ? String(k.overdue) : "—"),
      kpi("on-time", "kpiOnTime", this.stats ? formatPercent(k.onTimeRate) : "—"),
      kpi("total", "kpiTotal", this.stats ? String(k.total) : "—"),
      kpi("alerts", "kpiAlerts", this.state.environment === "ready" ? String(this.alerts.length) : "—"),
      kpi("aqi", "kpiAqi", this.aqi[0]?.aqi != null ? String(this.aqi[0].aqi) : "—"));

    const casesBody = this.state.cases === "ready" ? [
      h("h3", {}, t("mapTitle"), this.casesTruncated ? t("latestOf", { n: CASE_PAGE }) : ""),
      districtMap({ subdistricts: this.subdistricts, units: this.units, dots: open.dots, openBySubdistrict: open.bySubdistrict,
        selected: this.selected, onSelect: (code) => void this.select(code) }),
      h("div", { class: "chart", id: "status-chart", role: "figure", "aria-label": t("status") }),
      h("h3", {}, t("overdueList")),
      caseTable(overdueList(this.cases).slice(0, 8)),
    ] : [];
    const envBody = this.state.environment === "ready" ? [aqiTable(this.aqi), h("h3", {}, t("openAlerts")), alertList(this.alerts.slice(0, 6))] : [];

    return h("div", { class: "dashboard" }, kpis,
      h("div", { class: "panels" },
        panel("cases", "casesPanel", this.state.cases, "#/cases", casesBody, "wide"),
        panel("environment", "environmentPanel", this.state.environment, "#/alerts", envBody),
        ...this.services.map((p) => panel(p.id, `${p.id}Panel` as Key, this.state[p.id], p.detail,
          this.state[p.id] === "ready" ? [...p.body(), liveList(this.alerts4.filter((a) => a.panel === p.id).slice(0, 4), (id) => p.nameOf?.(id))].filter((e): e is HTMLElement => e !== null) : []))),
      h("p", { class: "updated" }, `${t("updated")} ${formatTime(this.updatedAt?.toISOString())}`));
  }

  /** Draw charts once the view is in the document (ECharts measures its container). */
  afterRender(): void {
    const el = document.getElementById("status-chart");
    if (el && this.stats) {
      const series = statusSeries(this.stats);
      barChart(el, series.map(([s]) => statusName(s)), series.map(([, n]) => n));
    }
    for (const p of this.services) if (this.state[p.id] === "ready") p.afterRender();
  }
}

function kpi(id: string, label: Key, value: string): HTMLElement {
  return h("div", { class: "kpi", "data-kpi": id }, h("span", { class: "kpi-label" }, t(label)), h("strong", { class: "kpi-value" }, value));
}

function panel(id: PanelId, title: Key, state: PanelState, detail: string | null, body: HTMLElement[], cls = ""): HTMLElement {
  const badge = state === "ready" || state === "loading" ? null
    : h("p", { class: `badge ${state}`, "data-state": state }, t(state === "forbidden" ? "noPermission" : state === "not-deployed" ? "notDeployed" : "unavailable"));
  return h("section", { class: `panel ${cls}`, "data-panel": id, "aria-labelledby": `panel-${id}` },
    h("header", {}, h("h2", { id: `panel-${id}` }, t(title)),
      detail && state === "ready" ? h("a", { href: detail, class: "details" }, t("details")) : null),
    badge, ...(state === "ready" && body.length === 0 ? [h("p", { class: "empty" }, t("noData"))] : body));
}

export function caseTable(cases: CaseJson[]): HTMLElement {
  if (!cases.length) return h("p", { class: "empty" }, t("noData"));
  return h("table", { class: "list" },
    h("thead", {}, h("tr", {}, ...(["caseId", "status", "subdistrict", "category2", "created"] as Key[]).map((k) => h("th", { scope: "col" }, t(k))))),
    h("tbody", {}, ...cases.map((c) => h("tr", { "data-case": c.id, class: c.overdue ? "overdue" : "" },
      h("td", {}, c.id.slice(-8)), h("td", {}, statusName(c.status)), h("td", {}, c.subdistrictName ?? c.subdistrictCode ?? "—"),
      h("td", {}, c.categoryName ?? c.categoryCode ?? "—"), h("td", {}, formatTime(c.createTime))))));
}

function aqiTable(rows: AqiRow[]): HTMLElement {
  if (!rows.length) return h("p", { class: "empty" }, t("noData"));
  return h("table", { class: "list" },
    h("thead", {}, h("tr", {}, ...(["station", "aqi", "category", "primary"] as Key[]).map((k) => h("th", { scope: "col" }, t(k))))),
    h("tbody", {}, ...rows.map((r) => h("tr", {},
      h("td", {}, r.name),
      h("td", {}, h("span", { class: "chip", style: `background:${r.colour};color:${r.textColour}` }, r.aqi === null ? "NA" : String(r.aqi))),
      h("td", {}, document.documentElement.lang === "en" ? r.categoryEn : r.category), h("td", {}, r.primary || "—")))));
}

export function alertList(alerts: AlertJson[]): HTMLElement {
  if (!alerts.length) return h("p", { class: "empty" }, t("noData"));
  return h("ul", { class: "alerts" }, ...alerts.map((a) => h("li", { class: `sev-${(a.severity ?? "").toLowerCase()}` },
    h("strong", {}, a.stationName ?? "—"), ` ${a.indicator ?? ""} ${a.value ?? ""} · ${formatTime(a.raisedAt)}`)));
}

/**
 * Detail lists with filters, one per panel: #/cases?status=&subdistrict=&overdue=1, #/alerts,
 * #/tourism?level=, #/cameras?subdistrictCode=&online=, #/projects?stage=&staleOnly=,
 * #/care?state=&subdistrictCode=&overdueOnly=.
 */
import { enumName, formatPercent, formatTime, statusName, t, type Key } from "../i18n";
import { openAlerts, type AlertJson } from "../shaping/aqi";
import { LIFECYCLE, type CaseJson } from "../shaping/cases";
import { sourcePath } from "../shaping/deployment";
import type { Feature } from "../shaping/geo";
import {
  formatDecimal, isCareOverdue, occupancyRows, type CameraJson, type CareRequestJson, type CrowdingLevel, type DistrictTotalsJson,
  type ProjectJson, type StageConfigJson,
} from "../shaping/services";
import { api } from "../session";
import { alertList, caseTable } from "./dashboard";
import { h } from "./dom";
import { LEVEL_KEYS, levelChip, table } from "./panels";

export interface CaseFilter { status: string; subdistrict: string; overdue: boolean; }

export function caseFilterFrom(query: URLSearchParams): CaseFilter {
  return { status: query.get("status") ?? "", subdistrict: query.get("subdistrict") ?? "", overdue: query.get("overdue") === "1" };
}

/** The ListCases query of a filter (proto3 JSON names of ListCasesRequest). */
export function casesQuery(f: CaseFilter, pageSize = 200): string {
  const q = new URLSearchParams({ pageSize: String(pageSize) });
  if (f.status) q.set("status", f.status);
  if (f.subdistrict) q.set("subdistrictCode", f.subdistrict);
  if (f.overdue) q.set("overdue", "true");
  return `/api/v1/cases?${q}`;
}

export async function casesDetail(query: URLSearchParams, subdistricts: Feature[]): Promise<HTMLElement> {
  const f = caseFilterFrom(query);
  const r = await api<{ cases?: CaseJson[] }>(casesQuery(f));
  const status = h("select", { id: "f-status", name: "status" }, h("option", { value: "" }, t("all")),
    ...LIFECYCLE.map((s) => h("option", { value: s, selected: f.status === s }, statusName(s))));
  const sd = h("select", { id: "f-subdistrict", name: "subdistrict" }, h("option", { value: "" }, t("all")),
    ...subdistricts.map((s) => h("option", { value: s.code, selected: f.subdistrict === s.code }, s.name)));
  const overdue = h("input", { id: "f-overdue", type: "checkbox", name: "overdue", checked: f.overdue });
  const form = h("form", { class: "filters", onsubmit: (e: Event) => {
    e.preventDefault();
    const q = new URLSearchParams();
    if (status.value) q.set("status", status.value);
    if (sd.value) q.set("subdistrict", sd.value);
    if (overdue.checked) q.set("overdue", "1");
    location.hash = `#/cases?${q}`;
  } },
  h("label", { for: "f-status" }, t("status")), status, h("label", { for: "f-subdistrict" }, t("subdistrict")), sd,
  h("label", { for: "f-overdue" }, overdue, ` ${t("overdueOnly")}`), h("button", { type: "submit" }, t("filter")));
  return h("section", { class: "detail" }, h("a", { href: "#/" }, t("back")), h("h2", {}, t("casesPanel")), form,
    r.ok ? caseTable(r.body.cases ?? []) : h("p", { class: "badge" }, t(r.status === 403 ? "noPermission" : "unavailable")));
}

export async function alertsDetail(): Promise<HTMLElement> {
  const r = await api<{ alerts?: AlertJson[] }>("/api/v1/environment/alerts?state=OPEN&pageSize=500");
  return h("section", { class: "detail" }, h("a", { href: "#/" }, t("back")), h("h2", {}, t("openAlerts")),
    r.ok ? alertList(openAlerts(r.body.alerts ?? [])) : h("p", { class: "badge" }, t(r.status === 403 ? "noPermission" : "unavailable")));
}

// --- the four services' detail lists: each filter is a query parameter of the list RPC ------------
interface FilterField { name: string; label: Key; options?: [string, string][]; checkbox?: boolean; }

/** A filter form whose values live in the hash (`#/<route>?name=value`), so a list can be linked. */
function filterForm(route: string, query: URLSearchParams, fields: FilterField[]): HTMLElement {
  const inputs = fields.map((f) => {
    const id = `f-${f.name}`;
    const input = f.checkbox
      ? h("input", { id, type: "checkbox", name: f.name, checked: query.get(f.name) === "true" })
      : h("select", { id, name: f.name }, h("option", { value: "" }, t("all")),
        ...(f.options ?? []).map(([value, label]) => h("option", { value, selected: query.get(f.name) === value }, label)));
    return { f, input, label: h("label", { for: id }, f.checkbox ? "" : t(f.label)) };
  });
  return h("form", { class: "filters", onsubmit: (e: Event) => {
    e.preventDefault();
    const q = new URLSearchParams();
    for (const { f, input } of inputs) {
      if (input instanceof HTMLInputElement) { if (input.checked) q.set(f.name, "true"); }
      else if (input.value) q.set(f.name, input.value);
    }
    location.hash = `#/${route}?${q}`;
  } }, ...inputs.flatMap(({ f, input, label }) => f.checkbox ? [h("label", { for: input.id }, input, ` ${t(f.label)}`)] : [label, input]),
  h("button", { type: "submit" }, t("filter")));
}

/** The list RPC's query: the form's values under their proto3 JSON names, plus a page size. */
export function listQuery(path: string, query: URLSearchParams, allowed: string[], pageSize: number): string {
  const q = new URLSearchParams({ pageSize: String(pageSize) });
  for (const name of allowed) { const v = query.get(name); if (v) q.set(name, v); }
  return `${path}?${q}`;
}

function detailPage(title: Key, form: HTMLElement, content: HTMLElement | null, status: number): HTMLElement {
  return h("section", { class: "detail" }, h("a", { href: "#/" }, t("back")), h("h2", {}, t(title)), form,
    content ?? h("p", { class: "badge" }, t(status === 403 ? "noPermission" : "unavailable")));
}

const subdistrictOptions = (subdistricts: Feature[]): [string, string][] => subdistricts.map((s) => [s.code, s.name]);

export async function tourismDetail(query: URLSearchParams): Promise<HTMLElement> {
  const r = await api<DistrictTotalsJson>(sourcePath("tourism", 0));
  const minimum = query.get("level") ?? "";
  const order = ["normal", "yellow", "orange", "red"];
  const rows = r.ok ? occupancyRows(r.body.spots ?? []).filter((o) => !minimum || order.indexOf(o.level) >= order.indexOf(minimum)) : [];
  const form = filterForm("tourism", query, [{ name: "level", label: "atLeast", options: (["yellow", "orange", "red"] as CrowdingLevel[]).map((l) => [l, t(LEVEL_KEYS[l])]) }]);
  return detailPage("tourismPanel", form, r.ok ? table(["spot", "occupancy", "dailyLoad", "level"], rows.map((o) => [
    o.name, `${o.inside.count} / ${o.inside.capacity} (${formatPercent(o.inside.ratio)})`,
    o.daily ? `${o.daily.count} / ${o.daily.capacity} (${formatPercent(o.daily.ratio)})` : "—",
    h("span", {}, levelChip(o.level), o.salesOpen ? "" : ` ${t("salesStopped")}`, o.oneOutOneIn ? ` ${t("oneOutOneIn")}` : "")]),
  (i) => ({ "data-spot": rows[i].id })) : null, r.ok ? 200 : r.status);
}

export async function camerasDetail(query: URLSearchParams, subdistricts: Feature[]): Promise<HTMLElement> {
  const r = await api<{ cameras?: CameraJson[]; nextPageToken?: string }>(
    listQuery("/api/v1/video/cameras", query, ["subdistrictCode", "online"], 200));
  const form = filterForm("cameras", query, [
    { name: "subdistrictCode", label: "subdistrict", options: subdistrictOptions(subdistricts) },
    { name: "online", label: "online", options: [["false", t("offlineOnly")], ["true", t("onlineOnly")]] }]);
  const cams = r.ok ? r.body.cameras ?? [] : [];
  return detailPage("videoPanel", form, r.ok ? table(["camera", "subdistrict", "cameraStatus", "owner"], cams.map((c) => [
    c.name ?? c.id, c.subdistrictName || c.subdistrictCode || "—", enumName(c.status), c.ownerDepartmentId ?? "—"]),
  (i) => ({ "data-camera": cams[i].id })) : null, r.ok ? 200 : r.status);
}

export async function projectsDetail(query: URLSearchParams): Promise<HTMLElement> {
  const [r, config] = await Promise.all([
    api<{ projects?: ProjectJson[] }>(listQuery("/api/v1/investment/projects", query, ["stage", "staleOnly"], 200)),
    api<StageConfigJson>(sourcePath("investment", 1, { version: "current" }))]);
  const stages = config.ok ? config.body.stages ?? [] : [];
  const names = new Map(stages.map((s) => [s.code, s.name ?? s.code]));
  const form = filterForm("projects", query, [
    { name: "stage", label: "stage", options: stages.map((s) => [s.code, s.name ?? s.code]) },
    { name: "staleOnly", label: "staleOnly", checkbox: true }]);
  const projects = r.ok ? r.body.projects ?? [] : [];
  return detailPage("investmentPanel", form, r.ok ? table(["project", "stage", "amountWan", "probability"], projects.map((p) => [
    p.name ?? p.id, `${names.get(p.stage ?? "") ?? p.stage ?? "—"}${p.stale ? ` · ${t("staleProjects")}` : ""}`,
    formatDecimal(p.amountWan), formatPercent(p.probability ?? null)]), (i) => ({ "data-project": projects[i].id })) : null, r.ok ? 200 : r.status);
}

export async function careDetail(query: URLSearchParams, subdistricts: Feature[]): Promise<HTMLElement> {
  const r = await api<{ careRequests?: CareRequestJson[] }>(
    listQuery("/api/v1/social/careRequests", query, ["state", "subdistrictCode", "overdueOnly"], 200));
  const form = filterForm("care", query, [
    { name: "state", label: "state", options: ["WAITING", "ASSIGNED", "ACCEPTED", "IN_SERVICE", "COMPLETED", "CANCELLED"].map((s) => [s, enumName(s)]) },
    { name: "subdistrictCode", label: "subdistrict", options: subdistrictOptions(subdistricts) },
    { name: "overdueOnly", label: "careOverdue", checkbox: true }]);
  const list = r.ok ? r.body.careRequests ?? [] : [];
  const now = new Date();
  return detailPage("careRequests", form, r.ok ? table(["serviceType", "state", "subdistrict", "dueTime"], list.map((c) => [
    enumName(c.serviceType), enumName(c.state), subdistricts.find((s) => s.code === c.subdistrictCode)?.name ?? c.subdistrictCode ?? "—",
    formatTime(c.dueTime)]), (i) => ({ "data-care": list[i].id, class: isCareOverdue(list[i], now) ? "overdue" : "" })) : null, r.ok ? 200 : r.status);
}

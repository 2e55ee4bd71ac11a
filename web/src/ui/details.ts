/** Detail lists with filters, one per panel (#/cases?status=&subdistrict=&overdue=1, #/alerts). */
import { statusName, t } from "../i18n";
import { openAlerts, type AlertJson } from "../shaping/aqi";
import { LIFECYCLE, type CaseJson } from "../shaping/cases";
import type { Feature } from "../shaping/geo";
import { api } from "../session";
import { alertList, caseTable } from "./dashboard";
import { h } from "./dom";

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

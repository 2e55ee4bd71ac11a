import { describe, expect, it } from "vitest";
import { aqiRows, openAlerts } from "../src/shaping/aqi";
import { applyCaseEvent, caseKpis, openCases, overdueList, statusSeries, type CaseJson } from "../src/shaping/cases";
import { contrastRatio, textOn } from "../src/shaping/contrast";
import { availability } from "../src/shaping/deployment";
import { features, fillFor, fitProjection, pathData, OPEN_CASE_FILLS } from "../src/shaping/geo";
import { backoffMs, SseParser } from "../src/shaping/sse";
import { decodeClaims, mayUseOpsCentre, refreshDelayMs } from "../src/shaping/tokens";

describe("cases", () => {
  const stats = { total: 10, byStatus: { REPORTED: 3, DISPATCHED: 2, CLOSED: 4, CANCELLED: 1 }, closed: 4, closedOnTime: 3, onTimeClosureRate: 0.75, openOverdue: 2 };
  it("derives KPIs from the service's figures", () => {
    expect(caseKpis(stats)).toEqual({ total: 10, open: 5, overdue: 2, closed: 4, closedOnTime: 3, onTimeRate: 0.75 });
    expect(caseKpis({ total: 2, byStatus: { REPORTED: 2 } }).onTimeRate).toBeNull(); // nothing closed: no rate
  });
  it("keeps the lifecycle order with zeros, unknown statuses last", () => {
    const series = statusSeries({ byStatus: { CLOSED: 1, FUTURE_STATE: 2, REPORTED: 3 } });
    expect(series[0]).toEqual(["REPORTED", 3]);
    expect(series.find(([s]) => s === "IN_PROGRESS")).toEqual(["IN_PROGRESS", 0]);
    expect(series.at(-1)).toEqual(["FUTURE_STATE", 2]);
  });
  const cases: CaseJson[] = [
    { id: "a", status: "REPORTED", subdistrictCode: "500107001", location: { lon: 106.5, lat: 29.5 }, createTime: "2026-12-01T01:00:00Z" },
    { id: "b", status: "CLOSED", subdistrictCode: "500107001", location: { lon: 106.4, lat: 29.4 } },
    { id: "c", status: "DISPATCHED", subdistrictCode: "500107002", overdue: true, createTime: "2026-11-01T01:00:00Z" },
    { id: "d", status: "IN_PROGRESS", overdue: true, createTime: "2026-11-20T01:00:00Z" },
  ];
  it("counts open cases per subdistrict and places the ones with a location", () => {
    const open = openCases(cases);
    expect(open.bySubdistrict).toEqual({ "500107001": 1, "500107002": 1 });
    expect(open.dots.map((d) => d.id)).toEqual(["a"]);
  });
  it("lists overdue open cases oldest first", () => {
    expect(overdueList(cases).map((c) => c.id)).toEqual(["c", "d"]);
  });
  it("applies live events without duplicating a case", () => {
    const created = applyCaseEvent(cases, "grid.case.created", { caseId: "e", status: "REPORTED", lon: 106.6, lat: 29.6, subdistrictCode: "500107003" });
    expect(created[0]).toMatchObject({ id: "e", status: "REPORTED", location: { lon: 106.6, lat: 29.6 } });
    expect(applyCaseEvent(created, "grid.case.created", { caseId: "e" })).toBe(created);
    const moved = applyCaseEvent(created, "grid.case.status_changed", { caseId: "a", toStatus: "CLOSED" });
    expect(openCases(moved).dots.map((d) => d.id)).toEqual(["e"]);
    expect(applyCaseEvent(cases, "grid.case.overdue", { caseId: "a", status: "REPORTED" })[0].overdue).toBe(true);
    expect(applyCaseEvent(cases, "grid.case.status_changed", { caseId: "zzz", toStatus: "CLOSED" })).toBe(cases);
  });
});

describe("environment", () => {
  it("shows the service's AQI with a readable text colour, NA when not published", () => {
    const rows = aqiRows([
      { stationId: "s1", name: "杨家坪", kind: "AIR", hourlyAqi: { aqi: 75, level: 2, category: "良", color: "#FFFF00", primaryPollutants: ["pm25"] } },
      { stationId: "s2", name: "白市驿", kind: "AIR", hourlyAqi: { category: "NA" } },
      { stationId: "s3", name: "噪声", kind: "NOISE" },
      { stationId: "s4", name: "谢家湾", kind: "AIR", hourlyAqi: { aqi: 160, level: 4 } },
    ]);
    expect(rows.map((r) => r.id)).toEqual(["s4", "s1", "s2"]);
    expect(rows[0].colour).toBe("#FF0000"); // HJ 633 §3 colour when the service sent none
    expect(rows[1]).toMatchObject({ primary: "PM₂.₅", textColour: "#111111" });
    expect(rows[2]).toMatchObject({ aqi: null, category: "NA" });
    for (const r of rows) expect(contrastRatio(r.colour, r.textColour)).toBeGreaterThanOrEqual(4.5);
  });
  it("orders open alerts by severity then time", () => {
    const alerts = openAlerts([
      { id: "1", severity: "MINOR", raisedAt: "2026-12-02T02:00:00Z" }, { id: "2", severity: "CRITICAL", raisedAt: "2026-12-01T00:00:00Z" },
      { id: "3", severity: "MINOR", raisedAt: "2026-12-02T03:00:00Z" }, { id: "4", state: "CLEARED", severity: "CRITICAL" }]);
    expect(alerts.map((a) => a.id)).toEqual(["2", "3", "1"]);
  });
});

describe("contrast (WCAG 2.1)", () => {
  it("computes the reference ratios", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#777777", "#ffffff")).toBeCloseTo(4.48, 2);
  });
  it("picks dark text on HJ 633 yellow and white on its maroon", () => {
    expect(textOn("#FFFF00")).toBe("#111111");
    expect(textOn("#7E0023")).toBe("#ffffff");
    expect(() => textOn("yellow")).toThrow(/#rrggbb/);
  });
  it("keeps ink readable on every map fill", () => {
    for (const fill of OPEN_CASE_FILLS) expect(contrastRatio(fill, "#1a1a1a")).toBeGreaterThanOrEqual(4.5);
  });
});

describe("map", () => {
  const square = (x: number, y: number) => JSON.stringify({ type: "Polygon", coordinates: [[[x, y], [x + 0.1, y], [x + 0.1, y + 0.1], [x, y + 0.1], [x, y]]] });
  const feats = features([
    { code: "500107001", name: "杨家坪", geometry: square(106.4, 29.4), centerLon: 106.45, centerLat: 29.45 },
    { code: "500107002", name: "黄桷坪", geometry: JSON.stringify({ type: "MultiPolygon", coordinates: [JSON.parse(square(106.5, 29.5)).coordinates] }) },
    { code: "500107003", name: "no geometry" },
  ]);
  it("reads polygons and multipolygons from grid-event's GeoJSON", () => {
    expect(feats.map((f) => f.code)).toEqual(["500107001", "500107002"]);
    expect(() => features([{ code: "x", geometry: JSON.stringify({ type: "Point", coordinates: [0, 0] }) }])).toThrow(/Point/);
  });
  it("fits the district into the width, north up, keeping the aspect", () => {
    const p = fitProjection(feats, 400, 0);
    expect(p.project([106.4, 29.6])).toEqual([0, 0]);
    const [x, y] = p.project([106.6, 29.4]);
    expect(x).toBeCloseTo(400, 6);
    expect(y).toBeCloseTo(400 / Math.cos((29.5 * Math.PI) / 180), 3);
    expect(pathData(feats[0], p)).toMatch(/^M0\.0 \d+\.\dL.*Z$/);
  });
  it("shades by open cases, zero the lightest", () => {
    expect(fillFor(0, 10)).toBe(OPEN_CASE_FILLS[0]);
    expect(fillFor(10, 10)).toBe(OPEN_CASE_FILLS.at(-1));
    expect(fillFor(1, 10)).not.toBe(OPEN_CASE_FILLS[0]);
  });
});

describe("deployment", () => {
  it("tells not deployed from unavailable from ready", () => {
    const readyz = { status: "ok", services: { "grid-event": "SERVING", environment: "UNAVAILABLE" } };
    expect(availability(readyz, "grid-event")).toBe("ready");
    expect(availability(readyz, "environment")).toBe("unavailable");
    expect(availability(readyz, "tourism")).toBe("not-deployed");
    expect(availability(null, "grid-event")).toBe("not-deployed");
  });
});

describe("event stream", () => {
  it("parses events across chunks and keeps the last id", () => {
    const p = new SseParser();
    expect(p.push("retry: 2000\nid: grid=1\nevent: ready\nda")).toEqual([]);
    expect(p.push('ta: {"a":1}\n\n: keep-alive\n\nid: grid=2\nevent: grid.case.created\ndata: x\ndata: y\n\n')).toEqual([
      { type: "ready", data: '{"a":1}', id: "grid=1" }, { type: "grid.case.created", data: "x\ny", id: "grid=2" }]);
    expect(p.lastEventId).toBe("grid=2");
    expect(p.retryMs).toBe(2000);
    expect(p.push("data: crlf\r\n\r\n")).toEqual([{ type: "message", data: "crlf", id: "grid=2" }]);
  });
  it("backs off exponentially up to 30 s", () => {
    expect([0, 1, 2, 10].map((n) => backoffMs(2000, n))).toEqual([2000, 4000, 8000, 30000]);
  });
});

describe("tokens", () => {
  const b64url = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  const jwt = (claims: object) => `h.${b64url(JSON.stringify(claims))}.s`;
  it("lets staff with a read permission in, not citizens", () => {
    expect(mayUseOpsCentre(decodeClaims(jwt({ scope: "grid:case.read grid:stats.read", dept: "运行中心" })))).toBe(true);
    expect(mayUseOpsCentre(decodeClaims(jwt({ scope: "grid:case.report" })))).toBe(false);
    expect(decodeClaims(jwt({ name: "张三" })).name).toBe("张三");
    expect(() => decodeClaims("nope")).toThrow();
  });
  it("refreshes a minute before expiry", () => {
    expect(refreshDelayMs(900)).toBe(840_000);
    expect(refreshDelayMs(60)).toBe(30_000);
  });
});

/**
 * Shaping of the tourism, video, investment and social-security panels, fed with the services'
 * own proto3 JSON: the fixtures are answers of the running suite (`make run`, demo data) through
 * the gateway, saved as they came (video coverage cut to four subdistricts, cameras to two).
 */
import { describe, expect, it } from "vitest";
import { contrastRatio, textOn } from "../src/shaping/contrast";
import { PANEL_SOURCES, sourcePath, type PanelId } from "../src/shaping/deployment";
import {
  applyCrowding, careSummary, coverageRows, crowdingLevel, CROWDING_COLOURS, liveAlert, pushAlert, flowSeries, formatDecimal, funnelRows, isCareOverdue, latestWeightedPipeline,
  occupancyRows, type CareRequestJson, type DistrictTotalsJson,
} from "../src/shaping/services";
import careRequest from "./fixtures/social-care-request.json";
import camerasOffline from "./fixtures/video-cameras-offline.json";
import coverage from "./fixtures/video-coverage.json";
import funnel from "./fixtures/investment-funnel.json";
import stageConfig from "./fixtures/investment-stage-config.json";
import flowCurve from "./fixtures/tourism-flow-curve.json";
import totals from "./fixtures/tourism-district-totals.json";
import investmentProto from "../../proto/jlp/investment/v1/investment.proto?raw";
import socialProto from "../../proto/jlp/social_security/v1/social_security.proto?raw";
import tourismProto from "../../proto/jlp/tourism/v1/tourism.proto?raw";
import videoProto from "../../proto/jlp/video_index/v1/video_index.proto?raw";

describe("tourism (tourism.v1 DistrictTotals, FlowCurve)", () => {
  it("follows the 80/90/100 % crowding ladder", () => {
    expect([7199, 7200, 8100, 9000].map((n) => crowdingLevel(n, 9000))).toEqual(["normal", "yellow", "orange", "red"]);
    expect(() => crowdingLevel(1, 0)).toThrow(/capacity/);
  });
  it("lists every spot by its instantaneous load, with the service's level", () => {
    const rows = occupancyRows((totals as DistrictTotalsJson).spots ?? []);
    expect(rows.map((r) => r.name)).toHaveLength(5);
    expect(rows[0]).toMatchObject({ name: "黄桷坪涂鸦艺术街", inside: { count: 119, capacity: 3000, level: "normal" },
      daily: { count: 127, capacity: 30000 }, salesOpen: true });
    expect(rows[0].inside.ratio).toBeCloseTo(119 / 3000);
  });
  it("keeps the service's level inside the hysteresis band and takes the worse of both loads", () => {
    const spot = structuredClone((totals as DistrictTotalsJson).spots![0]);
    spot.instantaneous = { ...spot.instantaneous, count: 2350, percent: 78.3, level: "YELLOW" }; // 78 %: still YELLOW
    spot.daily = { ...spot.daily, count: 27500, percent: 91.7, level: "ORANGE" };
    const [row] = occupancyRows([spot]);
    expect(row.inside.level).toBe("yellow");
    expect(row.level).toBe("orange");
    const unspecified = { ...spot, instantaneous: { ...spot.instantaneous, count: 3000, level: "CROWDING_LEVEL_UNSPECIFIED" } };
    expect(occupancyRows([unspecified])[0].inside.level).toBe("red"); // the ladder when the service sent no level
  });
  it("draws today's flow in Beijing time", () => {
    const s = flowSeries(flowCurve);
    expect(s.labels).toEqual(["00:00", "00:15", "00:30", "00:45", "01:00", "01:15"]); // 16:00Z is midnight in Chongqing
    expect(s.inside).toEqual([23, 48, 71, 92, 112, 119]);
    expect(s.entries).toEqual([23, 25, 23, 21, 21, 14]);
    expect(s.peak).toBe(119);
  });
});

describe("video (video_index.v1 Coverage, Camera)", () => {
  it("measures camera density against 158 and 205 per km² from the service's figures", () => {
    const { district, subdistricts } = coverageRows(coverage);
    expect(district).toMatchObject({ code: "500107", cameras: 2970, gapTo158: 65094, gapTo205: 85340, offline: 248 });
    expect(subdistricts.map((r) => r.name)).toEqual(["黄桷坪街道", "杨家坪街道", "谢家湾街道", "石坪桥街道"]);
    expect(subdistricts[1]).toMatchObject({ code: "500107001", gapTo158: 564, gapTo205: 787, offline: 16 });
    // the benchmark gap agrees with the standard's arithmetic: ⌈158 × 4.76⌉ − 189
    expect(Math.ceil(158 * 4.76 - 189)).toBe(subdistricts[1].gapTo158);
  });
  it("falls back to the arithmetic when a figure is absent", () => {
    const { subdistricts } = coverageRows({ subdistricts: [{ code: "x", areaKm2: 2, cameras: 320, onlineCameras: 300 }] });
    expect(subdistricts[0]).toMatchObject({ perKm2: 160, gapTo158: 0, gapTo205: 90, offline: 20 });
  });
  it("reads the offline cameras' list as the service sends it", () => {
    expect(camerasOffline.cameras.map((c) => c.subdistrictName)).toEqual(["杨家坪街道", "黄桷坪街道"]);
    expect(camerasOffline.nextPageToken).not.toBe("");
  });
});

describe("investment (investment.v1 FunnelReport, StageConfig)", () => {
  it("sums every cohort into one funnel in the configured stage order with names", () => {
    const rows = funnelRows(funnel, stageConfig);
    expect(rows.map((r) => [r.name, r.reached])).toEqual([["线索", 17], ["洽谈", 14], ["签约", 7], ["注册", 5], ["开工", 3], ["投产", 0]]);
    expect(rows[0].conversion).toBeNull();
    expect(rows[1].conversion).toBeCloseTo(14 / 17);
    expect(rows[5].conversion).toBe(0);
  });
  it("keeps the conversions' order without a configuration", () => {
    expect(funnelRows(funnel, null).map((r) => r.stage)).toEqual(["LEAD", "NEGOTIATION", "SIGNED", "REGISTERED", "CONSTRUCTION", "PRODUCTION"]);
  });
  it("shows the latest month-end's weighted pipeline exactly", () => {
    expect(latestWeightedPipeline(funnel)).toEqual({ month: "2026-12", weightedAmountWan: "447400", projects: 32 });
    expect(formatDecimal("447400")).toBe("447,400");
    expect(formatDecimal("1234567.0125")).toBe("1,234,567.0125");
    expect(formatDecimal("")).toBe("—");
  });
});

describe("social security (social_security.v1 CareRequest, AidCheck)", () => {
  const now = new Date("2026-12-02T18:00:00Z");
  const assigned = careRequest as CareRequestJson; // ASSIGNED, due 21:27Z
  it("counts waiting, overdue and escalated care requests", () => {
    const late = { ...assigned, id: "late", state: "ACCEPTED", dueTime: "2026-12-02T17:00:00Z" };
    const flagged = { ...assigned, id: "flagged", state: "WAITING", providerId: "", overdue: true, escalated: true };
    const done = { ...assigned, id: "done", state: "COMPLETED", overdue: true };
    expect(careSummary([assigned, late, flagged, done], [{ id: "a", outcome: "INCOMPLETE" }, { id: "b", outcome: "PASSED" }], now))
      .toEqual({ waiting: 2, overdue: 2, escalated: 1, aidIncomplete: 1 });
    expect(isCareOverdue(assigned, now)).toBe(false);
    expect(isCareOverdue(assigned, new Date("2026-12-02T22:00:00Z"))).toBe(true);
  });
  it("says nothing about aid checks the caller may not read", () => {
    expect(careSummary([assigned], null, now).aidIncomplete).toBeNull();
  });
});

describe("live alerts (events.proto payloads)", () => {
  // As tourism publishes it (tourism.v1.CrowdingRaised) and video-index (DetectionAlerted), proto3 JSON.
  const raised = { crowdingId: "spot-1:INSTANTANEOUS:ORANGE:2026-12-03:1", spotId: "spot-1", spotCode: "HJPGRAFFITI",
    spotName: "黄桷坪涂鸦艺术街", measure: "INSTANTANEOUS", level: "ORANGE", previousLevel: "NORMAL", count: 2719, capacity: 3000,
    percent: 90.6, salesStopped: false, oneOutOneIn: false, lon: 106.52, lat: 29.48, subdistrictCode: "500107002",
    raiseTime: "2026-12-02T17:40:00Z", description: "黄桷坪涂鸦艺术街 瞬时客流达到最大承载量90%" };
  it("names the spot, the load and the level of a crowding warning", () => {
    expect(liveAlert("tourism.crowding.raised", raised)).toEqual({ panel: "tourism", key: raised.crowdingId, kind: "evCrowding",
      subject: "黄桷坪涂鸦艺术街", detail: ["INSTANTANEOUS", "90.6 %"], level: "orange" });
    expect(liveAlert("video.detection.alerted", { alertId: "d-1", cameraName: "杨家坪治安监控0010", label: "smoke_fire", severity: "CRITICAL" }))
      .toMatchObject({ panel: "video", key: "d-1", detail: ["smoke_fire", "CRITICAL"] });
    expect(liveAlert("grid.case.created", { caseId: "c" })).toBeNull();
  });
  it("moves the spot to the event's level at once, the busiest first", () => {
    const rows = occupancyRows((totals as DistrictTotalsJson).spots ?? []);
    const spot = rows[3];
    const moved = applyCrowding(rows, "tourism.crowding.raised", { ...raised, spotId: spot.id, capacity: spot.inside.capacity,
      count: spot.inside.capacity, percent: 100, level: "RED" });
    expect(moved[0]).toMatchObject({ id: spot.id, level: "red", inside: { count: spot.inside.capacity, ratio: 1 } });
    const cleared = applyCrowding(moved, "tourism.crowding.cleared", { crowdingId: "x", spotId: spot.id, measure: "INSTANTANEOUS",
      level: "RED", newLevel: "ORANGE", count: spot.inside.capacity - 1, capacity: spot.inside.capacity });
    expect(cleared[0].level).toBe("orange");
    expect(applyCrowding(rows, "tourism.crowding.raised", { ...raised, spotId: "unknown" })).toBe(rows);
  });
  it("keeps one line per event id, newest first", () => {
    const a = liveAlert("tourism.crowding.raised", raised)!;
    const b = liveAlert("video.camera.offline", { outageId: "o-1", cameraId: "cam", status: "OFF" })!;
    expect(pushAlert(pushAlert(pushAlert([], a), b), a).map((x) => x.key)).toEqual([a.key, "o-1"]);
  });
  it("colours the ladder readably (WCAG 2.1 AA)", () => {
    for (const colour of Object.values(CROWDING_COLOURS)) expect(contrastRatio(colour, textOn(colour))).toBeGreaterThanOrEqual(4.5);
  });
});

describe("panel sources follow the services' google.api.http paths", () => {
  const protos: Record<string, string> = {
    tourism: tourismProto, video: videoProto, investment: investmentProto, social: socialProto,
  };
  it("fills a path's placeholders, encoded, and refuses a missing one", () => {
    expect(sourcePath("tourism", 1, { spotId: "a/b" })).toBe("/api/v1/tourism/spots/a%2Fb/flowCurve?intervalMinutes=30");
    expect(() => sourcePath("tourism", 1)).toThrow(/spotId/);
  });
  const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  for (const [panel, proto] of Object.entries(protos)) {
    it(`${panel}: every path is an annotated GET, every query parameter a request field`, () => {
      const gets = [...proto.matchAll(/rpc (\w+)\((\w+)\)[^{]*\{\s*option \(google\.api\.http\) = \{get: "([^"]+)"/g)]
        .map(([, , request, path]) => ({ request, shape: path.replace(/\{\w+\}/g, "{}") }));
      for (const source of PANEL_SOURCES[panel as PanelId].paths) {
        const [path, query = ""] = source.split("?");
        const found = gets.find((g) => g.shape === path.replace(/\{\w+\}/g, "{}"));
        expect(found, `${source} is not a GET of the ${panel} proto`).toBeDefined();
        const message = proto.slice(proto.indexOf(`message ${found!.request} {`));
        const body = message.slice(0, message.indexOf("\n}"));
        for (const key of new URLSearchParams(query).keys()) {
          expect(body, `${source}: ${key} is not a field of ${found!.request}`).toMatch(new RegExp(`\\s${snake(key)} = \\d+`));
        }
      }
    });
  }
});

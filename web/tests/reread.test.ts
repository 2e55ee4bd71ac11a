/**
 * The re-reads after live events (shaping/reread.ts): a crowding warning followed, within the
 * delay, by events of other domains still re-reads the tourism panel (the district total);
 * a steady stream cannot postpone a re-read; reads never overlap.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RereadScheduler, rereadTargets, type RereadTarget } from "../src/shaping/reread";
import { liveAlert } from "../src/shaping/services";

const crowding = { crowdingId: "c-1", spotId: "s-1", spotName: "九龙坡 · 夜市", measure: "INSTANTANEOUS", level: "ORANGE",
  count: 2700, capacity: 3000, percent: 90 };

function targetsOf(type: string, data: Record<string, unknown>): RereadTarget[] {
  return rereadTargets(type, liveAlert(type, data)?.panel);
}

describe("what an event makes stale", () => {
  it("maps each domain to its panel", () => {
    expect(targetsOf("tourism.crowding.raised", crowding)).toEqual(["tourism"]);
    expect(targetsOf("tourism.crowding.cleared", { ...crowding, newLevel: "YELLOW" })).toEqual(["tourism"]);
    expect(targetsOf("grid.case.created", { caseId: "x" })).toEqual(["cases"]);
    expect(targetsOf("environment.alert.raised", {})).toEqual(["environment"]);
    expect(targetsOf("video.camera.offline", { outageId: "o", cameraId: "c" })).toEqual(["video"]);
    expect(targetsOf("social.care_request.escalated", { careRequestId: "r" })).toEqual(["social"]);
    expect(targetsOf("video.camera.registered", { cameraId: "c" })).toEqual([]);
  });
});

describe("RereadScheduler", () => {
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  function scheduler(delayMs = 400, readMs = 0) {
    const reads: RereadTarget[][] = [];
    let inFlight = 0;
    let overlapped = false;
    const s = new RereadScheduler(async (targets) => {
      inFlight++;
      overlapped ||= inFlight > 1;
      reads.push([...targets].sort());
      if (readMs) await new Promise((r) => setTimeout(r, readMs));
      inFlight--;
    }, delayMs);
    return { s, reads, overlapped: () => overlapped };
  }

  it("keeps the tourism re-read when a case event follows a crowding warning within the delay", async () => {
    const { s, reads } = scheduler();
    s.request(targetsOf("tourism.crowding.raised", crowding));
    await vi.advanceTimersByTimeAsync(100);
    s.request(targetsOf("grid.case.created", { caseId: "x" }));
    for (let i = 0; i < 500; i++) s.request(targetsOf("video.camera.registered", { cameraId: `c-${i}` }));
    await vi.advanceTimersByTimeAsync(400);
    expect(reads).toEqual([["cases", "tourism"]]);
    expect(s.idle).toBe(true);
  });

  it("reads within the delay of the first event however long a burst lasts", async () => {
    const { s, reads } = scheduler();
    s.request(["tourism"]);
    for (let t = 0; t < 390; t += 10) { await vi.advanceTimersByTimeAsync(10); s.request([]); s.request(["video"]); }
    await vi.advanceTimersByTimeAsync(10);
    expect(reads).toEqual([["tourism", "video"]]);
    s.request(["video"]);  // the burst goes on: read again within the delay
    await vi.advanceTimersByTimeAsync(400);
    expect(reads).toEqual([["tourism", "video"], ["video"]]);
  });

  it("never overlaps reads: an event during a read is read after it", async () => {
    const { s, reads, overlapped } = scheduler(400, 1000);
    s.request(["tourism"]);
    await vi.advanceTimersByTimeAsync(500);  // the read runs (1 s)
    s.request(["tourism"]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(reads).toEqual([["tourism"]]);
    await vi.advanceTimersByTimeAsync(1400);
    expect(reads).toEqual([["tourism"], ["tourism"]]);
    expect(overlapped()).toBe(false);
  });

  it("reads nothing when no event made anything stale", async () => {
    const { s, reads } = scheduler();
    s.request([]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(reads).toEqual([]);
    expect(s.idle).toBe(true);
  });

  it("runs the first load alone and re-reads what events made stale during it", async () => {
    const { s, reads } = scheduler();
    let loading = true;
    const load = s.exclusive(async () => { await new Promise((r) => setTimeout(r, 2000)); loading = false; });
    s.request(["tourism"]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(reads).toEqual([]);
    expect(loading).toBe(true);
    await vi.advanceTimersByTimeAsync(1000);
    await load;
    expect(loading).toBe(false);
    await vi.advanceTimersByTimeAsync(400);
    expect(reads).toEqual([["tourism"]]);
  });

  it("keeps going after a failed read", async () => {
    let calls = 0;
    const s = new RereadScheduler(async () => { calls++; throw new Error("503"); }, 400);
    s.request(["tourism"]);
    await vi.advanceTimersByTimeAsync(400);
    s.request(["tourism"]);
    await vi.advanceTimersByTimeAsync(400);
    expect(calls).toBe(2);
    expect(s.idle).toBe(true);
  });
});

/**
 * Which parts of the overview a live event makes stale, and the coalescing of their re-reads.
 *
 * The overview applies an event at once and re-reads the affected panels from the REST APIs
 * shortly after (the API is the truth: the district total, the ladder's hysteresis, the case
 * statistics are computed by the services, not by the page). Events of every domain interleave
 * on one stream — a camera platform registering or losing hundreds of cameras, cases reported
 * while a scenic spot fills — so the coalescing must keep the union of what a burst made stale:
 * a re-read scheduled for a crowding warning is never replaced by one for the next event of
 * another domain (that lost the district total's re-read whenever a case or camera event
 * followed a crowding event within the delay).
 */

/** A part of the overview that is read from its own REST paths (shaping/deployment.ts). */
export type RereadTarget = "cases" | "environment" | "tourism" | "video" | "investment" | "social";

/**
 * The parts `type` makes stale: grid events the case KPIs, map and lists; environment events
 * the air-quality table and open alerts; a live alert of the four newer services (`alertPanel`,
 * shaping/services.ts `liveAlert`) its panel.
 */
export function rereadTargets(type: string, alertPanel?: RereadTarget | null): RereadTarget[] {
  const out: RereadTarget[] = [];
  if (type.startsWith("grid.")) out.push("cases");
  if (type.startsWith("environment.")) out.push("environment");
  if (alertPanel && !out.includes(alertPanel)) out.push(alertPanel);
  return out;
}

/**
 * Collects stale parts and re-reads them together, at most `delayMs` after the first request of
 * a burst. The delay is counted from the first request, not the last: a steady stream of events
 * (thousands of camera registrations at start-up) cannot postpone a re-read for ever. One read
 * runs at a time — requests arriving meanwhile wait for the next one — so an older answer never
 * lands after a newer one. `exclusive` runs other reads of the same parts (the first load) under
 * the same rule.
 */
export class RereadScheduler {
  private pending = new Set<RereadTarget>();
  private timer: ReturnType<typeof setTimeout> | undefined = undefined;
  private running: Promise<void> | null = null;

  constructor(private readonly read: (targets: ReadonlySet<RereadTarget>) => Promise<void>,
              private readonly delayMs = 400) {}

  /** Mark `targets` stale; they are re-read within `delayMs` (after a read in flight). */
  request(targets: Iterable<RereadTarget>): void {
    for (const t of targets) this.pending.add(t);
    if (this.pending.size && this.timer === undefined && this.running === null) this.arm();
  }

  /** Run `work` (a full load) with no re-read overlapping it; stale parts are read after it. */
  async exclusive(work: () => Promise<void>): Promise<void> {
    while (this.running) await this.running;
    this.disarm();
    this.pending.clear(); // the load reads every part after the events that made them stale
    await this.run(work); // events arriving during the load: re-read after it (can be newer)
  }

  /** Nothing stale, no read waiting or running. */
  get idle(): boolean { return this.timer === undefined && this.running === null && this.pending.size === 0; }

  private arm(): void {
    this.timer = setTimeout(() => { this.timer = undefined; void this.flush(); }, this.delayMs);
  }

  private disarm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async flush(): Promise<void> {
    if (this.running || this.pending.size === 0) return;
    const targets: ReadonlySet<RereadTarget> = this.pending;
    this.pending = new Set();
    await this.run(() => this.read(targets));
  }

  private async run(work: () => Promise<void>): Promise<void> {
    const done = (async () => {
      try { await work(); } catch { /* a failed read leaves the panel's own state to say so */ }
    })();
    this.running = done;
    await done;
    this.running = null;
    if (this.pending.size && this.timer === undefined) this.arm();
  }
}

/**
 * The live event stream (GET /api/v1/live/events, ADR 0110) read with fetch so the bearer
 * token goes in a header. Reconnects with `Last-Event-ID` (the cursor the gateway put in each
 * event's id), so events published while disconnected are replayed from JetStream; the stream
 * also ends on purpose when the token expires, and the reconnect carries the refreshed token.
 */
import { backoffMs, SseParser, type SseEvent } from "./shaping/sse";
import { refreshNow, token } from "./session";

export type LiveState = "connecting" | "live" | "retrying" | "off";

export interface LiveHandlers { event(e: { type: string; data: unknown }): void; state(s: LiveState): void; }

export class LiveClient {
  private lastEventId: string | null = null;
  private abort: AbortController | null = null;
  private stopped = false;
  private failures = 0;
  private retryMs: number | null = null;

  constructor(private readonly handlers: LiveHandlers) {}

  start(): void { this.stopped = false; void this.loop(); }

  stop(): void { this.stopped = true; this.abort?.abort(); this.handlers.state("off"); }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      this.handlers.state(this.failures ? "retrying" : "connecting");
      const outcome = await this.once();
      if (this.stopped) return;
      if (outcome === "forbidden" || outcome === "unconfigured") { this.handlers.state("off"); return; }
      if (outcome === "ended") this.failures = 0; else this.failures++;
      if (outcome === "unauthorized" && !(await refreshNow())) return;
      await new Promise((r) => setTimeout(r, outcome === "ended" ? 0 : backoffMs(this.retryMs, this.failures - 1)));
    }
  }

  private async once(): Promise<"ended" | "failed" | "unauthorized" | "forbidden" | "unconfigured"> {
    const bearer = token();
    if (!bearer) return "unauthorized";
    this.abort = new AbortController();
    const headers: Record<string, string> = { Authorization: `Bearer ${bearer}`, Accept: "text/event-stream" };
    if (this.lastEventId) headers["Last-Event-ID"] = this.lastEventId;
    let response: Response;
    try {
      response = await fetch("/api/v1/live/events", { headers, signal: this.abort.signal, cache: "no-store" });
    } catch {
      return "failed";
    }
    if (response.status === 401) return "unauthorized";
    if (response.status === 403) return "forbidden";
    if (response.status === 400) { this.lastEventId = null; return "failed"; } // a cursor it refuses: start afresh
    if (!response.ok || !response.body) {
      const body = await response.json().catch(() => ({}));
      return response.status === 503 && /not configured/.test(body.detail ?? "") ? "unconfigured" : "failed";
    }
    const parser = new SseParser();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return "ended";
        for (const e of parser.push(value)) this.dispatch(e);
        if (parser.lastEventId) this.lastEventId = parser.lastEventId;
        if (parser.retryMs !== null) this.retryMs = parser.retryMs;
      }
    } catch {
      return "failed";
    }
  }

  private dispatch(e: SseEvent): void {
    if (e.type === "ready") { this.failures = 0; this.handlers.state("live"); return; }
    if (e.type === "expired") return;
    try {
      const body = JSON.parse(e.data) as { type: string; data: unknown };
      this.handlers.event({ type: body.type ?? e.type, data: body.data });
    } catch { /* not ours: ignore */ }
  }
}

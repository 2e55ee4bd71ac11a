/**
 * An incremental Server-Sent Events parser (HTML Living Standard §9.2.6 "Interpreting an event
 * stream"). The page reads the stream with fetch, not EventSource, because EventSource cannot
 * send the Authorization header and the access token must not travel in a URL (logs, history).
 */

export interface SseEvent { type: string; data: string; id: string | null; }

export class SseParser {
  private buffer = "";
  private data: string[] = [];
  private type = "";
  private id: string | null = null;
  /** The last `id:` seen (what Last-Event-ID must carry on reconnect). */
  lastEventId: string | null = null;
  /** A `retry:` the server asked for, in ms. */
  retryMs: number | null = null;

  /** Feed a chunk of text; returns the events it completed. */
  push(chunk: string): SseEvent[] {
    this.buffer += chunk;
    const events: SseEvent[] = [];
    let at: number;
    while ((at = this.buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = this.buffer.slice(0, at);
      const eol = this.buffer.startsWith("\r\n", at) ? 2 : 1;
      if (this.buffer[at] === "\r" && eol === 1 && at === this.buffer.length - 1) break; // wait: \r\n may be split
      this.buffer = this.buffer.slice(at + eol);
      const event = this.line(line);
      if (event) events.push(event);
    }
    return events;
  }

  private line(line: string): SseEvent | null {
    if (line === "") {
      if (this.id !== null) this.lastEventId = this.id;
      if (this.data.length === 0) { this.type = ""; return null; }
      const event = { type: this.type || "message", data: this.data.join("\n"), id: this.lastEventId };
      this.data = []; this.type = "";
      return event;
    }
    if (line.startsWith(":")) return null; // comment (keep-alive)
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") this.data.push(value);
    else if (field === "event") this.type = value;
    else if (field === "id" && !value.includes("\0")) this.id = value;
    else if (field === "retry" && /^\d+$/.test(value)) this.retryMs = Number(value);
    return null;
  }
}

/** Reconnect delay: the server's `retry`, doubled per failed attempt, capped at 30 s. */
export function backoffMs(retryMs: number | null, failures: number): number {
  return Math.min(30_000, (retryMs ?? 2000) * 2 ** Math.max(0, failures));
}

/**
 * Overlapping renders (shaping/latest.ts): a slow detail render that finishes after the overview
 * was drawn must not draw over it.
 */
import { describe, expect, it } from "vitest";
import { LatestOnly } from "../src/shaping/latest";

function deferred(): { promise: Promise<string>; resolve: (v: string) => void } {
  let resolve!: (v: string) => void;
  const promise = new Promise<string>((r) => { resolve = r; });
  return { promise, resolve };
}

describe("LatestOnly", () => {
  it("keeps what the newest render drew when an older one finishes later", async () => {
    const renders = new LatestOnly();
    const drawn: string[] = [];
    const render = async (content: Promise<string>) => {
      const current = renders.begin();
      const main = await content;
      if (current()) drawn.push(main);
    };
    const careList = deferred();
    const slowDetail = render(careList.promise); // a re-read while the care list is shown
    const overview = render(Promise.resolve("overview")); // the user goes back to the overview
    await overview;
    careList.resolve("care list");
    await slowDetail;
    expect(drawn).toEqual(["overview"]);
  });

  it("lets a render draw when none started after it", async () => {
    const renders = new LatestOnly();
    const first = renders.begin();
    expect(first()).toBe(true);
    const second = renders.begin();
    expect(first()).toBe(false);
    expect(second()).toBe(true);
  });
});

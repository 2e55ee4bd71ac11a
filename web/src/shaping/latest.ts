/**
 * Only the latest of several overlapping asynchronous renders may draw.
 *
 * The page renders on a route change, a live re-read, a language switch or a change of the live
 * stream's state, and a detail view awaits its reads before it can draw. An older render that
 * finishes after a newer one must not draw: it put a detail page (the care list, still reading
 * after a live event) back over the overview the user had already returned to, and the overview's
 * figures were gone until the next event.
 */
export class LatestOnly {
  private generation = 0;

  /** Start a render; the check it returns stays true until a later render starts. */
  begin(): () => boolean {
    const mine = ++this.generation;
    return () => mine === this.generation;
  }
}

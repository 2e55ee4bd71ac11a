/**
 * The district map from grid-event's own GeoJSON (GET /api/v1/grids?includeGeometry=true: each
 * grid unit's geometry as GeoJSON text), drawn as SVG: no tiles, no fonts, nothing from the
 * internet (the wall screen runs on the government network).
 *
 * Projection: equirectangular around the data's mean latitude (x scaled by cos φ). Over a
 * district of ~30 km the distortion is far below a pixel at wall-screen size, and it needs no
 * projection library.
 */

export type Position = [number, number];
export interface Geometry { type: string; coordinates: unknown; }
export interface GridJson {
  code: string; name?: string; level?: string; parentCode?: string; geometry?: string;
  centerLon?: number; centerLat?: number;
}
export interface Feature { code: string; name: string; level: string; rings: Position[][]; center: Position | null; }

/** Outer and inner rings of a Polygon / MultiPolygon; anything else is refused by name. */
export function ringsOf(geometry: Geometry): Position[][] {
  if (geometry.type === "Polygon") return geometry.coordinates as Position[][];
  if (geometry.type === "MultiPolygon") return (geometry.coordinates as Position[][][]).flat();
  throw new Error(`geometry type ${geometry.type} is not Polygon or MultiPolygon`);
}

export function features(grids: GridJson[]): Feature[] {
  const out: Feature[] = [];
  for (const g of grids) {
    if (!g.geometry) continue;
    const rings = ringsOf(JSON.parse(g.geometry) as Geometry);
    const center: Position | null = typeof g.centerLon === "number" && typeof g.centerLat === "number"
      ? [g.centerLon, g.centerLat] : null;
    out.push({ code: g.code, name: g.name ?? g.code, level: g.level ?? "", rings, center });
  }
  return out;
}

export interface Projection { width: number; height: number; project(p: Position): Position; }

/** Fit the features' bounding box into `width` (height follows the aspect ratio), with a margin. */
export function fitProjection(feats: Feature[], width: number, margin = 8): Projection {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const f of feats) for (const ring of f.rings) for (const [lon, lat] of ring) {
    minX = Math.min(minX, lon); maxX = Math.max(maxX, lon); minY = Math.min(minY, lat); maxY = Math.max(maxY, lat);
  }
  if (!Number.isFinite(minX)) return { width, height: width / 2, project: () => [width / 2, width / 4] };
  const k = Math.cos(((minY + maxY) / 2) * Math.PI / 180);
  const spanX = Math.max((maxX - minX) * k, 1e-9), spanY = Math.max(maxY - minY, 1e-9);
  const scale = (width - 2 * margin) / spanX;
  const height = spanY * scale + 2 * margin;
  return {
    width, height,
    project: ([lon, lat]) => [margin + (lon - minX) * k * scale, margin + (maxY - lat) * scale],
  };
}

/** SVG path data of a feature's rings (evenodd fill keeps holes open). */
export function pathData(feature: Feature, projection: Projection): string {
  return feature.rings.map((ring) => ring.map((p, i) => {
    const [x, y] = projection.project(p);
    return `${i ? "L" : "M"}${x.toFixed(1)} ${y.toFixed(1)}`;
  }).join("") + "Z").join("");
}

/** Sequential fill for a count (0 = the lightest), 5 steps; ink on all of them meets 4.5:1. */
export const OPEN_CASE_FILLS = ["#F4F7FB", "#DCE8F5", "#BCD3EC", "#9DBEE2", "#7FA9D8"];

export function fillFor(count: number, max: number): string {
  if (count <= 0 || max <= 0) return OPEN_CASE_FILLS[0];
  const step = Math.min(OPEN_CASE_FILLS.length - 1, 1 + Math.floor(((count - 1) / Math.max(1, max)) * (OPEN_CASE_FILLS.length - 1)));
  return OPEN_CASE_FILLS[step];
}

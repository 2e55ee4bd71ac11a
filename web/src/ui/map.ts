/** The district map in SVG: subdistricts filled by open cases, a subdistrict's unit grids, case dots. */
import { t } from "../i18n";
import type { CaseDot } from "../shaping/cases";
import { fillFor, fitProjection, pathData, type Feature } from "../shaping/geo";
import { h, s } from "./dom";

export interface MapInput {
  subdistricts: Feature[]; units: Feature[]; dots: CaseDot[]; openBySubdistrict: Record<string, number>;
  selected: string | null; onSelect(code: string | null): void;
}

export function districtMap(input: MapInput): HTMLElement {
  const width = 900;
  const projection = fitProjection(input.subdistricts, width);
  const max = Math.max(0, ...Object.values(input.openBySubdistrict));
  const svg = s("svg", { viewBox: `0 0 ${width} ${projection.height.toFixed(0)}`, role: "img", "aria-labelledby": "map-title", class: "map" },
    s("title", { id: "map-title" }, t("mapLabel")));
  for (const f of input.subdistricts) {
    const count = input.openBySubdistrict[f.code] ?? 0;
    const selected = input.selected === f.code;
    svg.append(s("path", { d: pathData(f, projection), fill: fillFor(count, max), "fill-rule": "evenodd",
      stroke: selected ? "#0B3D91" : "#5A6B7D", "stroke-width": selected ? 3 : 1, "data-code": f.code },
      s("title", {}, `${f.name}: ${count}`)));
  }
  for (const u of input.units) {
    svg.append(s("path", { d: pathData(u, projection), fill: "none", stroke: "#8795A5", "stroke-width": 0.4 }));
  }
  for (const f of input.subdistricts) {
    if (!f.center) continue;
    const [x, y] = projection.project(f.center);
    svg.append(s("text", { x: x.toFixed(1), y: y.toFixed(1), "text-anchor": "middle", class: "map-label" }, f.name));
  }
  for (const d of input.dots) {
    const [x, y] = projection.project([d.lon, d.lat]);
    svg.append(s("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: 5, class: d.overdue ? "dot overdue" : "dot", "data-case": d.id }));
  }
  // The same facts as a keyboard-operable list (the SVG is a picture for sighted users).
  const list = h("ul", { class: "sd-list", "aria-label": t("mapTitle") },
    h("li", {}, h("button", { type: "button", "aria-pressed": String(input.selected === null), onclick: () => input.onSelect(null) }, t("districtView"))),
    ...input.subdistricts.map((f) => h("li", {},
      h("button", { type: "button", "aria-pressed": String(input.selected === f.code), "data-subdistrict": f.code,
        title: t("showUnits"), onclick: () => input.onSelect(f.code) },
      `${f.name} `, h("span", { class: "count", "data-open": f.code }, String(input.openBySubdistrict[f.code] ?? 0))))));
  return h("div", { class: "map-wrap" }, svg as unknown as Node, list);
}

/** ECharts, tree-shaken to bar and line charts with the SVG renderer and ARIA descriptions on. */
import { BarChart, LineChart } from "echarts/charts";
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, AriaComponent, SVGRenderer]);

const charts = new WeakMap<HTMLElement, echarts.ECharts>();

export function barChart(el: HTMLElement, labels: string[], values: number[], colour = "#1F5FAD"): void {
  let chart = charts.get(el);
  if (!chart) { chart = echarts.init(el, undefined, { renderer: "svg" }); charts.set(el, chart); }
  chart.setOption({
    aria: { enabled: true },
    animation: false,
    grid: { left: 48, right: 12, top: 12, bottom: 64 },
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: labels, axisLabel: { rotate: 35, color: "#1A1A1A", fontSize: 12 } },
    yAxis: { type: "value", minInterval: 1, axisLabel: { color: "#1A1A1A" } },
    series: [{ type: "bar", data: values, itemStyle: { color: colour } }],
  });
}

/** Lines over time (the tourism flow curve): one series per entry, dark enough for AA on white. */
export function lineChart(el: HTMLElement, labels: string[], series: { name: string; values: number[]; colour: string }[]): void {
  let chart = charts.get(el);
  if (!chart) { chart = echarts.init(el, undefined, { renderer: "svg" }); charts.set(el, chart); }
  chart.setOption({
    aria: { enabled: true },
    animation: false,
    grid: { left: 48, right: 12, top: 28, bottom: 28 },
    legend: { top: 0, textStyle: { color: "#1A1A1A" } },
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: labels, axisLabel: { color: "#1A1A1A", fontSize: 12 } },
    yAxis: { type: "value", minInterval: 1, axisLabel: { color: "#1A1A1A" } },
    series: series.map((s) => ({ type: "line", name: s.name, data: s.values, itemStyle: { color: s.colour }, lineStyle: { color: s.colour }, showSymbol: labels.length < 40 })),
  }, true);
}

export function resizeCharts(els: Iterable<HTMLElement>): void {
  for (const el of els) charts.get(el)?.resize();
}

// ECharts, tree-shaken: every [data-chart="<json_script id>"] element becomes a chart of that option.
import { BarChart, CustomChart, GaugeChart, HeatmapChart, LineChart, PieChart, ScatterChart } from "echarts/charts";
import {
  AriaComponent,
  DatasetComponent,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import type { LiveEvent } from "./live";
import { cssVar, currentTheme, onThemeChange } from "./theme";

echarts.use([
  BarChart,
  CustomChart,
  GaugeChart,
  HeatmapChart,
  LineChart,
  PieChart,
  ScatterChart,
  AriaComponent,
  DatasetComponent,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

const LIVE_POINTS = 60;
const charts = new Map<HTMLElement, echarts.ECharts>();

type Option = Record<string, unknown> & { series?: Array<Record<string, unknown>> | Record<string, unknown> };

function readOption(doc: Document, id: string): Option | null {
  const script = doc.getElementById(id);
  if (!script?.textContent) return null;
  try {
    return JSON.parse(script.textContent) as Option;
  } catch {
    console.warn(`data-chart: #${id} does not hold JSON`);
    return null;
  }
}

/** An ECharts theme from the page's CSS variables (Bootstrap's color modes and ours): text, axes,
 * grid lines and tooltips follow light, dark and high contrast. Registered again at each init. */
export function registerTheme(doc: Document = document): string {
  const text = cssVar("--bs-body-color", "#212529", doc);
  const muted = cssVar("--bs-secondary-color", "#6c757d", doc);
  const line = cssVar("--bs-border-color", "#dee2e6", doc);
  const surface = cssVar("--bs-body-bg", "#fff", doc);
  const axis = {
    axisLine: { lineStyle: { color: muted } },
    axisTick: { lineStyle: { color: muted } },
    axisLabel: { color: text },
    splitLine: { lineStyle: { color: line } },
    nameTextStyle: { color: text },
  };
  const name = `sluice-${currentTheme(doc)}`;
  echarts.registerTheme(name, {
    backgroundColor: "transparent",
    textStyle: { color: text },
    title: { textStyle: { color: text } },
    legend: { textStyle: { color: text }, pageTextStyle: { color: text } },
    tooltip: { backgroundColor: surface, borderColor: line, textStyle: { color: text } },
    categoryAxis: axis,
    valueAxis: axis,
    timeAxis: axis,
    logAxis: axis,
    visualMap: { textStyle: { color: text } },
  });
  return name;
}

type Series = Record<string, unknown> & { data?: unknown[] };

function points(series: Series): number {
  return (series.data ?? []).filter((d) => {
    const value = Array.isArray(d) ? d[d.length - 1] : d;
    return value !== null && value !== undefined && value !== "-";
  }).length;
}

/** A line series with a single point draws nothing without its symbol: show the point. */
export function showLonePoints(option: Option): Option {
  if (!option.series) return option;
  const list = Array.isArray(option.series) ? option.series : [option.series];
  const series = list.map((s) =>
    s.type === "line" && points(s as Series) === 1
      ? { ...s, showSymbol: true, symbol: s.symbol === "none" || !s.symbol ? "circle" : s.symbol, symbolSize: 8 }
      : s,
  );
  return { ...option, series };
}

export function initChart(element: HTMLElement, doc: Document = document): echarts.ECharts | null {
  const id = element.dataset.chart;
  if (!id) return null;
  const option = readOption(doc, id);
  if (!option) return null;
  charts.get(element)?.dispose();
  if (!element.hasAttribute("role")) element.setAttribute("role", "img");
  if (!element.hasAttribute("aria-label")) {
    const title = (option.title as { text?: string } | undefined)?.text;
    element.setAttribute("aria-label", title ? `Chart: ${title}` : "Chart");
  }
  if (!element.style.height && element.clientHeight === 0) element.style.height = "240px";
  const chart = echarts.init(element, registerTheme(doc), { renderer: "canvas" });
  chart.setOption({ aria: { enabled: true }, ...showLonePoints(option) });
  charts.set(element, chart);
  return chart;
}

export function initCharts(root: ParentNode = document, doc: Document = document): void {
  for (const [element, chart] of charts) {
    if (!element.isConnected) {
      chart.dispose();
      charts.delete(element);
    }
  }
  root.querySelectorAll<HTMLElement>("[data-chart]").forEach((element) => initChart(element, doc));
}

/** Appends metrics.system samples to series 0 of [data-live-metric] charts (keeps the last 60). */
export function appendLiveMetric(event: LiveEvent): void {
  if (event.type !== "metrics.system") return;
  for (const [element, chart] of charts) {
    const metric = element.dataset.liveMetric;
    if (!metric || !element.isConnected) continue;
    const value = event.data[metric];
    if (typeof value !== "number") continue;
    const option = chart.getOption() as { series?: Array<{ data?: unknown[] }>; xAxis?: Array<{ data?: unknown[] }> };
    const series = option.series ?? [];
    if (series.length === 0) continue;
    const data = [...(series[0].data ?? [])];
    const ts = typeof event.data.ts === "string" ? event.data.ts : event.ts;
    const xAxis = option.xAxis?.[0];
    const categorical = Array.isArray(xAxis?.data) && xAxis.data.length > 0;
    data.push(categorical ? value : [ts, value]);
    const trimmed = data.slice(-LIVE_POINTS);
    const update: Record<string, unknown> = { series: [{ data: trimmed }] };
    if (categorical && xAxis?.data) {
      update.xAxis = [{ data: [...xAxis.data, new Date(ts).toLocaleTimeString()].slice(-LIVE_POINTS) }];
    }
    chart.setOption(update);
  }
}

export function setupCharts(doc: Document = document, win: Window = window): void {
  initCharts(doc, doc);
  win.addEventListener("resize", () => charts.forEach((chart) => chart.resize()));
  doc.body.addEventListener("htmx:afterSwap", (e) => {
    const target = (e as CustomEvent<{ target?: Element }>).detail?.target ?? doc;
    initCharts(target as ParentNode, doc);
  });
  doc.addEventListener("sluice:event", (e) => appendLiveMetric((e as CustomEvent<LiveEvent>).detail));
  // A theme change (the system's, or the preference saved in another tab) draws the charts again.
  onThemeChange(() => charts.forEach((_chart, element) => element.isConnected && initChart(element, doc)), doc);
}

import { beforeEach, describe, expect, it, vi } from "vitest";

interface FakeChart {
  element: HTMLElement;
  option: Record<string, unknown>;
  setOption: (o: Record<string, unknown>) => void;
  getOption: () => Record<string, unknown>;
  resize: () => void;
  dispose: () => void;
  disposed: boolean;
}

const created: FakeChart[] = [];
const themes: Array<{ name: string; theme: Record<string, unknown> }> = [];
const initThemes: unknown[] = [];

vi.mock("echarts/core", () => ({
  use: () => undefined,
  registerTheme: (name: string, theme: Record<string, unknown>) => themes.push({ name, theme }),
  init: (element: HTMLElement, theme?: unknown) => {
    initThemes.push(theme);
    const chart: FakeChart = {
      element,
      option: {},
      disposed: false,
      setOption(o) {
        // Like ECharts: series and axes merge by index.
        const merged: Record<string, unknown> = { ...this.option };
        for (const [k, v] of Object.entries(o)) {
          if (Array.isArray(v) && Array.isArray(merged[k])) {
            merged[k] = (merged[k] as Record<string, unknown>[]).map((old, i) => ({ ...old, ...((v[i] as object) ?? {}) }));
          } else merged[k] = v;
        }
        this.option = merged;
      },
      getOption() {
        const o = this.option;
        return { ...o, xAxis: o.xAxis ? (Array.isArray(o.xAxis) ? o.xAxis : [o.xAxis]) : undefined };
      },
      resize: vi.fn(),
      dispose() {
        this.disposed = true;
      },
    };
    created.push(chart);
    return chart;
  },
}));
vi.mock("echarts/charts", () => ({
  BarChart: {}, CustomChart: {}, GaugeChart: {}, HeatmapChart: {}, LineChart: {}, PieChart: {}, ScatterChart: {},
}));
vi.mock("echarts/components", () => ({
  AriaComponent: {}, DatasetComponent: {}, DataZoomComponent: {}, GridComponent: {}, LegendComponent: {},
  MarkAreaComponent: {}, MarkLineComponent: {}, TitleComponent: {}, TooltipComponent: {}, VisualMapComponent: {},
}));
vi.mock("echarts/renderers", () => ({ CanvasRenderer: {} }));

const { appendLiveMetric, initCharts, setupCharts, showLonePoints } = await import("./charts");

function page(html: string) {
  document.body.innerHTML = html;
}

beforeEach(() => {
  created.length = 0;
});

describe("charts", () => {
  it("initialises every [data-chart] from its json_script, with aria", () => {
    page(`
      <div id="a" data-chart="opt-a"></div>
      <div id="b" data-chart="opt-b" aria-label="Runs per day"></div>
      <div id="c" data-chart="missing"></div>
      <script type="application/json" id="opt-a">{"title": {"text": "CPU"}, "series": [{"type": "line", "data": [1, 2]}]}</script>
      <script type="application/json" id="opt-b">{"series": [{"type": "bar", "data": [3]}]}</script>`);
    initCharts(document, document);
    expect(created.map((c) => c.element.id)).toEqual(["a", "b"]);
    expect(created[0].option.aria).toEqual({ enabled: true });
    expect(created[0].option.series).toEqual([{ type: "line", data: [1, 2] }]);
    const a = document.getElementById("a") as HTMLElement;
    expect(a.getAttribute("role")).toBe("img");
    expect(a.getAttribute("aria-label")).toBe("Chart: CPU");
    expect(document.getElementById("b")?.getAttribute("aria-label")).toBe("Runs per day");
  });

  it("re-initialises after an htmx swap and disposes the charts that left the page", () => {
    page(`<div id="frag"><div id="a" data-chart="opt-a"></div>
      <script type="application/json" id="opt-a">{"series": [{"type": "line", "data": [1]}]}</script></div>`);
    setupCharts(document, window);
    expect(created).toHaveLength(1);
    const frag = document.getElementById("frag") as HTMLElement;
    frag.innerHTML = `<div id="a2" data-chart="opt-a2"></div>
      <script type="application/json" id="opt-a2">{"series": [{"type": "line", "data": [9]}]}</script>`;
    frag.dispatchEvent(new CustomEvent("htmx:afterSwap", { bubbles: true, detail: { target: frag } }));
    expect(created).toHaveLength(2);
    expect(created[1].element.id).toBe("a2");
    expect(created[0].disposed).toBe(true);
  });

  it("appends metrics.system samples to live sparklines, keeping the last 60", () => {
    page(`<div id="spark" data-chart="opt-s" data-live-metric="cpu_percent"></div>
      <div id="other" data-chart="opt-o"></div>
      <script type="application/json" id="opt-s">{"xAxis": {"type": "time"}, "series": [{"type": "line", "data": []}]}</script>
      <script type="application/json" id="opt-o">{"series": [{"type": "line", "data": [1]}]}</script>`);
    initCharts(document, document);
    for (let i = 0; i < 65; i += 1) {
      appendLiveMetric({ id: i, type: "metrics.system", topic: "metrics:system", ts: `t${i}`, data: { cpu_percent: i, ts: `t${i}` } });
    }
    appendLiveMetric({ id: 99, type: "execution.started", topic: "dashboard", ts: "", data: { cpu_percent: 1 } });
    const series = created[0].option.series as Array<{ data: unknown[] }>;
    expect(series[0].data).toHaveLength(60);
    expect(series[0].data[0]).toEqual(["t5", 5]);
    expect(series[0].data[59]).toEqual(["t64", 64]);
    expect((created[1].option.series as Array<{ data: unknown[] }>)[0].data).toEqual([1]);
  });

  it("shows the point of a line series that has only one (a chart of one sample drew nothing)", () => {
    const option = showLonePoints({
      series: [
        { type: "line", data: [["2026-01-01T00:00:00Z", 3]], showSymbol: false },
        { type: "line", data: [null, 4, null], symbol: "none" },
        { type: "line", data: [1, 2], showSymbol: false },
        { type: "bar", data: [1] },
      ],
    });
    const series = option.series as Array<Record<string, unknown>>;
    expect(series[0].showSymbol).toBe(true);
    expect(series[1]).toMatchObject({ showSymbol: true, symbol: "circle" });
    expect(series[2].showSymbol).toBe(false);
    expect(series[3].showSymbol).toBeUndefined();
  });

  it("draws with a theme from the page's theme and draws again when it changes", async () => {
    document.documentElement.setAttribute("data-bs-theme", "dark");
    page(`<div id="t" data-chart="opt-t"></div>
      <script type="application/json" id="opt-t">{"series": [{"type": "line", "data": [1, 2]}]}</script>`);
    setupCharts(document, window);
    expect(initThemes.at(-1)).toBe("sluice-dark");
    expect(themes.at(-1)?.name).toBe("sluice-dark");
    expect(themes.at(-1)?.theme).toHaveProperty("textStyle");
    const before = created.length;
    document.documentElement.setAttribute("data-bs-theme", "high-contrast");
    await new Promise((r) => setTimeout(r, 0));
    expect(created.length).toBeGreaterThan(before);
    expect(initThemes.at(-1)).toBe("sluice-high-contrast");
    document.documentElement.removeAttribute("data-bs-theme");
  });
});

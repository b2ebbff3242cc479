// uPlot line charts fed from a SampleWindow. Each chart is a list of series, each a function from a
// sample to a number (or null for a gap), with one unit formatter for its axis and legend.
import * as fmt from "./format.js";

const uPlot = window.uPlot;
const COLORS = ["#4ea1ff", "#3fb950", "#d29922", "#f85149", "#bc8cff", "#39c5cf", "#ff7b72", "#a5d6ff"];

export const units = {
  percent: { format: fmt.percent, label: "%", range: () => [0, 100] },
  bytes: { format: fmt.bytes, label: "bytes (binary prefixes)" },
  rate: { format: fmt.rate, label: "bytes per second" },
  load: { format: fmt.load, label: "runnable tasks" },
};

export class LineChart {
  constructor(element, unit, series) {
    this.element = element;
    this.unit = unit;
    this.series = series;       // [{ label, value: sample => number|null }]
    this.plot = null;
  }

  #options(width) {
    const unit = this.unit;
    return {
      width, height: Math.max(160, Math.round(width * 0.32)),
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true }, y: unit.range ? { range: unit.range } : { range: (u, min, max) => [0, Math.max(max, 1) * 1.1] } },
      series: [
        { label: "time", value: (u, v) => v == null ? "–" : new Date(v * 1000).toLocaleTimeString() },
        ...this.series.map((s, i) => ({ label: s.label, stroke: COLORS[i % COLORS.length], width: 1.5, value: (u, v) => unit.format(v), spanGaps: false })),
      ],
      axes: [
        { stroke: "#93a1b0", grid: { stroke: "#2a3542" }, label: "local time" },
        { stroke: "#93a1b0", grid: { stroke: "#2a3542" }, size: 80, label: unit.label, values: (u, vals) => vals.map(v => unit.format(v)) },
      ],
    };
  }

  render(samples) {
    const data = [samples.map(s => s.time / 1000), ...this.series.map(s => samples.map(x => s.value(x) ?? null))];
    if (!this.plot) {
      const width = Math.max(240, this.element.clientWidth || 480);
      this.plot = new uPlot(this.#options(width), data, this.element);
      new ResizeObserver(() => {
        const w = this.element.clientWidth;
        if (w > 0 && Math.abs(w - this.plot.width) > 4) this.plot.setSize({ width: w, height: Math.max(160, Math.round(w * 0.32)) });
      }).observe(this.element);
    } else {
      // batch() draws now rather than in a microtask, so the page's render timing includes the drawing.
      this.plot.batch(() => this.plot.setData(data));
    }
  }

  // The number of series changed (cores appear on the second reading): build the chart again.
  reset(series) {
    this.series = series;
    this.plot?.destroy();
    this.plot = null;
  }
}

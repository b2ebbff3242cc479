// uPlot line charts fed from a SampleWindow or from history points. Each chart is a list of series,
// each a function from a sample to a number (or null for a gap), with one unit formatter for its axis
// and legend. A chart shows either a fixed stretch of time (history: the range asked for, even where
// there are no points) or follows its samples (live).
import * as fmt from "./format.js";
import { onThemeChange } from "./theme-colors.js";
import { timeAxis, valueAxis, rightPadding, axisLayout, timeFormat } from "./axes.js";

const uPlot = window.uPlot;
const COLORS = ["#4ea1ff", "#3fb950", "#d29922", "#f85149", "#bc8cff", "#39c5cf", "#ff7b72", "#a5d6ff"];
const DAY_MS = 86_400_000;
const LIVE_MIN_SPAN_S = 60;

// Axis titles are short: the tick values carry the unit (GiB, KiB/s), and a long title is cut on a
// chart that is not tall. incrs: which round steps the ticks take (axes.js).
export const units = {
  percent: { format: fmt.percent, label: "CPU %", range: () => [0, 100], incrs: "percent" },
  // floor: the least top of an empty or flat chart's axis, so it reads 0 B – 1 KiB rather than 0 B – 1 B.
  bytes: { format: fmt.bytes, label: "bytes", floor: 1024, incrs: "binary" },
  rate: { format: fmt.rate, label: "bytes/s", floor: 1024, incrs: "binary" },
  load: { format: fmt.load, label: "tasks" },
};

// The newest value of a uPlot column: what a legend shows at rest, as Grafana's "last" does. Gaps are
// nulls at the end of a column (a series the agent stopped reporting), so it looks back past them.
function lastValue(column) {
  for (let i = (column?.length ?? 0) - 1; i >= 0; i--) if (column[i] != null) return column[i];
  return null;
}

export class LineChart {
  // onZoom(fromMs, toMs): the user dragged across the time axis; onResetZoom(): double-click.
  // headline: { element, text: sample => string }: the figure in the panel's header, from the newest sample.
  constructor(element, unit, series, { onZoom, onResetZoom, headline } = {}) {
    this.element = element;
    this.headline = headline;
    this.headlineText = null;   // text last written, so an unchanged figure costs no DOM write
    this.unit = unit;
    this.series = series;       // [{ label, value: sample => number|null, peak?: sample => number|null }]
    this.peaks = false;         // whether the peak series (history's bucket maxima) are drawn
    this.onZoom = onZoom;
    this.onResetZoom = onResetZoom;
    this.view = null;           // { from, to } in Unix ms when showing history; null when following samples
    this.plot = null;
    this.columns = null;        // { samples, data }: what the last uPlot data was built from
    this.described = {};        // data-* attributes last written
    this.visible = true;
    this.pending = null;        // live samples that arrived while the chart was off screen
    new IntersectionObserver(entries => {
      this.visible = entries[entries.length - 1].isIntersecting;
      if (this.visible && this.pending) this.render(this.pending);
    }, { rootMargin: "100px" }).observe(element);
    onThemeChange(() => this.plot?.redraw(false));
    // One observer for the chart's life: the plot is built again when its series change.
    new ResizeObserver(() => {
      const w = this.element.clientWidth;
      if (this.plot && w > 0 && Math.abs(w - this.plot.width) > 4) this.plot.setSize({ width: w, height: Math.max(160, Math.round(w * 0.32)) });
    }).observe(element);
    // For the browser specs (label boxes); costs nothing until called.
    element.scoutAxisLayout = () => this.plot ? axisLayout(this.plot) : null;
  }

  // The series drawn: each chart series, then in history a peak line for each series that has one
  // (the highest reading of each bucket), with a band from the average up to it: an average of a
  // minute hides a spike that the peak shows.
  #drawn() {
    const peaks = this.peaks ? this.series.filter(s => s.peak) : [];
    return [...this.series, ...peaks.map(s => ({ label: `${s.label} peak`, value: s.peak, peakOf: this.series.indexOf(s) }))];
  }

  #options(width) {
    const unit = this.unit;
    const chart = this;
    const drawn = this.#drawn();
    return {
      width, height: Math.max(160, Math.round(width * 0.32)),
      padding: [null, rightPadding, null, null],
      // Drag selects a stretch of the time axis; the page decides what zooming means (a finer history
      // query), so uPlot only reports the selection. Its own double-click would rescale to the data.
      cursor: { drag: { x: true, y: false, setScale: false }, bind: { dblclick: () => null } },
      select: { show: true },
      scales: {
        x: { time: true, range: u => chart.#xRange(u) },
        y: unit.range ? { range: unit.range } : { range: (u, min, max) => [0, Math.max(max ?? 0, unit.floor ?? 1) * 1.1] },
      },
      series: [
        // Hovering: the values under the cursor (idx set). At rest uPlot asks with idx null: the newest values.
        { label: "time", value: (u, v, sidx, idx) => {
          const t = idx == null ? lastValue(u.data[0]) : v;
          return t == null ? "–" : chart.#timeLabel(t * 1000);
        } },
        ...drawn.map((s, i) => {
          const color = COLORS[(s.peakOf ?? i) % COLORS.length];
          return {
            label: s.label, stroke: color, width: s.peakOf == null ? 1.5 : 1, dash: s.peakOf == null ? undefined : [4, 3], spanGaps: false,
            value: (u, v, sidx, idx) => unit.format(idx == null ? lastValue(u.data[sidx]) : v),
          };
        }),
      ],
      // uPlot's series indexes count the time column as 0.
      bands: drawn.flatMap((s, i) => s.peakOf == null ? [] : [{ series: [i + 1, s.peakOf + 1], fill: `${COLORS[s.peakOf % COLORS.length]}33` }]),
      axes: [
        timeAxis(),
        valueAxis(unit),
      ],
      // A new uPlot lays out in a microtask: its scales are known only once it is ready.
      hooks: { setSelect: [u => chart.#selected(u)], ready: [u => chart.#describe(u)] },
    };
  }

  // History keeps the axis on the range asked for, so 6 h reads as 6 h even when the server reported
  // for only ten minutes of it; live follows the samples.
  // Live spans the samples' own times, and at least a minute: uPlot widens a single point's min/max
  // to 86,400,000 units (a day in ms, on a scale in seconds), which drew 1,000 days and piled the
  // labels on each other; so the range comes from the data, not from uPlot's min/max.
  #xRange(u) {
    if (this.view) return [this.view.from / 1000, this.view.to / 1000];
    const times = u.data[0] ?? [];
    const last = times.length ? times[times.length - 1] : Date.now() / 1000;
    const first = times.length ? times[0] : last;
    return [Math.min(first, last - LIVE_MIN_SPAN_S), last];
  }

  // The legend's time, in the axes' format (one format per page): seconds within a day, a date beyond.
  #timeLabel(ms) {
    const span = this.view ? this.view.to - this.view.from : 0;
    return timeFormat(span > DAY_MS ? span / 1000 : 0).format(new Date(ms));
  }

  #selected(u) {
    const { left, width } = u.select;
    if (width < 4) return;     // a click, or uPlot re-announcing a cleared selection after a resize
    const from = u.posToVal(left, "x") * 1000;
    const to = u.posToVal(left + width, "x") * 1000;
    u.setSelect({ left: 0, width: 0, top: 0, height: 0 }, false);
    this.onZoom?.(Math.round(from), Math.round(to));
  }

  // view: { from, to } (Unix ms) for a fixed stretch of history, or null to follow the samples. Live
  // redraws of a chart scrolled out of view wait until it is back (one redraw with the newest samples).
  render(samples, view = null) {
    if (!view && this.plot && !this.visible) { this.pending = samples; return; }
    this.pending = null;
    this.view = view;
    const peaks = view != null && this.series.some(s => s.peak);
    if (peaks !== this.peaks) { this.peaks = peaks; this.reset(this.series); }
    this.#writeHeadline(samples.at(-1));
    const data = this.#data(samples);
    if (!this.plot) {
      const width = Math.max(240, this.element.clientWidth || 480);
      this.plot = new uPlot(this.#options(width), data, this.element);
      this.plot.over.addEventListener("dblclick", () => this.onResetZoom?.());
    } else {
      // batch() draws now rather than in a microtask, so the page's render timing includes the drawing.
      this.plot.batch(() => this.plot.setData(data));
      this.#describe(this.plot);
    }
  }

  // uPlot's columns. A live window usually gains a sample at the end and loses one at the start, so the
  // columns of the samples it still holds are reused and only new samples are read (each series
  // function runs once per sample, not once per sample per frame).
  #data(samples) {
    const previous = this.columns;
    let keep = 0, from = 0;
    if (previous && samples.length) {
      const start = previous.samples.indexOf(samples[0]);
      if (start >= 0) {
        const overlap = Math.min(previous.samples.length - start, samples.length);
        let same = true;
        for (let i = 0; i < overlap && same; i++) same = previous.samples[start + i] === samples[i];
        if (same) { keep = overlap; from = start; }
      }
    }
    const fresh = samples.slice(keep);
    const drawn = this.#drawn();
    const data = [
      keep ? previous.data[0].slice(from, from + keep) : [],
      ...drawn.map((_, i) => keep ? previous.data[i + 1].slice(from, from + keep) : []),
    ];
    for (const x of fresh) {
      data[0].push(x.time / 1000);
      for (let i = 0; i < drawn.length; i++) data[i + 1].push(drawn[i].value(x) ?? null);
    }
    // A copy: the live window's array changes in place.
    this.columns = { samples: samples.slice(), data };
    return data;
  }

  // What is drawn, for tests and automation: uPlot's own point count and the time span on the axis.
  // Attribute writes are DOM mutations even with the same value: only changed ones are written.
  #describe(plot) {
    const scale = plot.scales.x;
    this.#attribute("data-view", this.view ? "history" : "live");
    this.#attribute("data-points", String(plot.data[0].length));
    this.#attribute("data-from", String(Math.round((scale.min ?? 0) * 1000)));
    this.#attribute("data-to", String(Math.round((scale.max ?? 0) * 1000)));
    // Peak bands drawn: those with at least one point (for the specs).
    const bands = (plot.bands ?? []).filter(b => plot.data[b.series[0]].some(v => v != null)).length;
    this.#attribute("data-bands", String(bands));
  }

  #writeHeadline(sample) {
    if (!this.headline) return;
    const text = sample ? this.headline.text(sample) : "";
    if (text === this.headlineText) return;
    this.headlineText = text;
    this.headline.element.textContent = text;
  }

  #attribute(name, value) {
    if (this.described[name] === value) return;
    this.described[name] = value;
    this.element.setAttribute(name, value);
  }

  // The number of series changed (cores appear on the second reading): build the chart again.
  reset(series) {
    this.series = series;
    this.columns = null;
    this.plot?.destroy();
    this.plot = null;
  }
}

// One server on the wall: its status (live, stalled, offline …), and CPU, memory used and network as large
// current values over sparklines labelled with their scale (top and bottom), so a line means something
// from across a room. Text is written only when it changed; the lines redraw when a sample arrived.
import * as fmt from "./format.js";
import { SampleWindow } from "./series.js";
import { drawSparkline } from "./sparkline.js";

const POINTS = 120;               // two minutes per tile

// Tiles need CPU, memory and network only: the rest is dropped before 120 samples per server are kept.
const slim = s => ({ serverId: s.serverId, time: s.time, cpu: { total: s.cpu?.total }, memory: s.memory, network: s.network });

const netTotal = s => { const n = fmt.networkTotals(s); return n.rx == null && n.tx == null ? null : (n.rx ?? 0) + (n.tx ?? 0); };

// The span each line is drawn over. CPU is a share: always 0-100 %. Memory moves little against the total,
// so its line spans what the window saw (plus a margin, at least 1 % of the total): a flat line at 38 % of
// a 0-total axis said nothing. Network starts at 0, up to the window's peak.
function memoryScale(values, total) {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) if (v != null) { if (v < lo) lo = v; if (v > hi) hi = v; }
  if (lo > hi) return { min: 0, max: total || 1 };
  const margin = Math.max((hi - lo) * 0.1, (total || hi) * 0.01);
  return { min: Math.max(0, lo - margin), max: total ? Math.min(total, hi + margin) : hi + margin };
}

function peakScale(values) {
  let hi = 0;
  for (const v of values) if (v != null && v > hi) hi = v;
  return { min: 0, max: Math.max(hi, 1024) };
}

const METRICS = [
  { name: "cpu", label: "CPU", color: "#4ea1ff", value: s => s.cpu?.total?.busy, scale: () => ({ min: 0, max: 100 }),
    text: s => [fmt.percent(s.cpu?.total?.busy), ""], scaleText: fmt.percent },
  { name: "memory", label: "Memory used", color: "#3fb950", value: s => s.memory?.used, scale: (values, last) => memoryScale(values, last.memory?.total),
    text: s => [fmt.bytes(s.memory?.used), `of ${fmt.bytes(s.memory?.total)}`], scaleText: fmt.bytes },
  { name: "network", label: "Network in + out", color: "#d29922", value: netTotal, scale: peakScale,
    text: s => { const n = fmt.networkTotals(s); return [fmt.rate(netTotal(s)), `in ${fmt.rate(n.rx)} · out ${fmt.rate(n.tx)}`]; }, scaleText: fmt.rate },
];

function metricElement(metric) {
  const el = document.createElement("div");
  el.className = "metric";
  el.dataset.metric = metric.name;
  el.innerHTML = `<div class="metric-head"><span class="metric-name"></span><span class="metric-value" data-test="tile-value"></span>
    <span class="metric-detail"></span></div>
    <div class="spark-box"><div class="spark-scale"><span data-test="spark-max"></span><span data-test="spark-min"></span></div>
    <div class="spark-area"><canvas class="spark" role="img"></canvas></div></div>`;
  el.querySelector(".metric-name").textContent = metric.label;
  el.querySelector("canvas").setAttribute("aria-label", `${metric.label}, the last two minutes`);
  return el;
}

export class WallTile {
  constructor(id, hostname) {
    this.id = id;
    this.window = new SampleWindow(POINTS);
    this.lastSampleAt = null;     // performance.now() of the newest sample received
    this.status = null;
    this.texts = new Map();       // element → the text last written
    const el = (this.el = document.createElement("section"));
    el.className = "tile";
    el.dataset.serverId = id;
    el.dataset.test = "wall-tile";
    el.innerHTML = `<h2><a></a><span class="badge" data-test="tile-status"></span></h2><div class="tile-body"></div>`;
    const link = el.querySelector("a");
    link.href = `/servers/${encodeURIComponent(id)}`;
    link.textContent = hostname ?? id;
    this.badge = el.querySelector("[data-test=tile-status]");
    const body = el.querySelector(".tile-body");
    this.metrics = METRICS.map(metric => {
      const m = metricElement(metric);
      body.append(m);
      return {
        metric,
        canvas: m.querySelector("canvas"),
        value: m.querySelector(".metric-value"),
        detail: m.querySelector(".metric-detail"),
        max: m.querySelector("[data-test=spark-max]"),
        min: m.querySelector("[data-test=spark-min]"),
      };
    });
    this.setStatus("connecting");
  }

  // Returns true when the sample was new.
  add(sample) {
    if (!this.window.add(slim(sample))) return false;
    this.lastSampleAt = performance.now();
    return true;
  }

  merge(samples) { return this.window.merge(samples.map(slim)); }

  // status: connecting, live, stalled, offline, ended, not-found, error; text: what the badge says.
  setStatus(status, text = status) {
    if (this.status !== status) {
      this.status = status;
      this.el.dataset.status = status;
      this.badge.className = `badge tile-${status}`;
    }
    this.#write(this.badge, text);
  }

  // Seconds since the newest sample arrived, or null before any.
  silentFor() { return this.lastSampleAt == null ? null : (performance.now() - this.lastSampleAt) / 1000; }

  draw() {
    const samples = this.window.samples;
    const last = this.window.last;
    if (!last) return;
    this.el.dataset.lastSample = String(last.time);
    for (const m of this.metrics) {
      const [value, detail] = m.metric.text(last);
      this.#write(m.value, value);
      this.#write(m.detail, detail);
      const values = samples.map(m.metric.value);
      const scale = m.metric.scale(values, last);
      this.#write(m.max, m.metric.scaleText(scale.max));
      this.#write(m.min, m.metric.scaleText(scale.min));
      drawSparkline(m.canvas, values, { ...scale, color: m.metric.color, lineWidth: 2 });
    }
  }

  #write(element, text) {
    if (this.texts.get(element) === text) return;
    this.texts.set(element, text);
    element.textContent = text;
  }
}

// The server page's view of the past: which stretch of time it shows (a range ending now, or a stretch
// zoomed into) and the history API points for it, shaped like realtime samples so one set of charts
// draws both.
import { history } from "./api.js";

export const RANGES = { "1h": 3_600_000, "6h": 21_600_000, "24h": 86_400_000, "7d": 604_800_000 };
export const DEFAULT_RANGE = "1h";

// Minute reports make a zoom narrower than a few minutes a handful of points at best.
export const MIN_ZOOM_MS = 5 * 60_000;

const METRICS = ["cpu.total", "cpu.user", "cpu.system", "cpu.iowait", "memory.used", "memory.available", "memory.cached", "swap.used",
  "load.one", "load.five", "load.fifteen", "net.rx", "net.tx", "disk.read", "disk.write", "cpu.cores", "snapshot"];

// A range longer than an hour whose first point comes later than this share of it into the range is drawn
// from its data on (2 minutes at the end of 6 h would be a sliver at the right edge). The hour, the page's
// default, keeps its axis: drag-zoom and the range buttons then always mean the same stretch of the clock.
const SPARSE_SHARE = 0.25;
const SPARSE_MIN_SPAN_MS = 3_600_000;

export class HistoryView {
  constructor() {
    this.range = DEFAULT_RANGE;
    this.zoom = null;           // { from, to } while zoomed in, else the range ends now
  }

  get zoomed() { return this.zoom !== null; }

  // The stretch to show now: the zoomed one, or the selected range ending at this moment.
  window(now = Date.now()) {
    return this.zoom ?? { from: now - RANGES[this.range], to: now };
  }

  select(range) {
    if (!(range in RANGES)) throw new Error(`unknown range ${range}`);
    this.range = range;
    this.zoom = null;
  }

  // A selection narrower than MIN_ZOOM_MS widens around its middle; nothing reaches into the future.
  zoomTo(from, to, now = Date.now()) {
    if (to - from < MIN_ZOOM_MS) {
      const middle = (from + to) / 2;
      from = middle - MIN_ZOOM_MS / 2;
      to = middle + MIN_ZOOM_MS / 2;
    }
    if (to > now) { from -= to - now; to = now; }
    this.zoom = { from: Math.round(from), to: Math.round(to) };
  }

  resetZoom() { this.zoom = null; }
}

// History as the charts and tables draw it, or null when the server has no history API answer (unknown
// to the API, or it failed):
//   points: sample-shaped objects (bucket averages, and the bucket maxima as `busyMax`/`usedMax` for the
//           peak bands), oldest first;
//   cores:  per-core points ({ time, cpu: { cores: [{ name, busy }] } }) on their own, coarser buckets;
//   snapshot: the newest report's filesystems and processes in the stretch, sample-shaped, or null.
export async function loadHistory(serverId, from, to) {
  const h = await history(serverId, from, to, METRICS);
  if (!h?.series) return null;
  const byTime = new Map();
  const point = t => byTime.get(t) ?? byTime.set(t, { time: t, cpu: { total: {}, cores: [] }, memory: {}, load: {}, network: [{ name: "all" }], disks: [{ name: "all" }] }).get(t);
  const put = (name, setter) => { for (const [t, , avg, max] of h.series[name] ?? []) setter(point(t), avg, max); };
  put("cpu.total", (p, v, max) => { p.cpu.total.busy = v; p.cpu.total.busyMax = max; });
  put("cpu.user", (p, v) => { p.cpu.total.user = v; });
  put("cpu.system", (p, v) => { p.cpu.total.system = v; });
  put("cpu.iowait", (p, v) => { p.cpu.total.ioWait = v; });
  put("memory.used", (p, v, max) => { p.memory.used = v; p.memory.usedMax = max; });
  put("memory.available", (p, v) => { p.memory.available = v; });
  put("memory.cached", (p, v) => { p.memory.cached = v; });
  put("swap.used", (p, v) => { p.memory.swapUsed = v; });
  put("load.one", (p, v) => { p.load.one = v; });
  put("load.five", (p, v) => { p.load.five = v; });
  put("load.fifteen", (p, v) => { p.load.fifteen = v; });
  put("net.rx", (p, v) => { p.network[0].rxBytesPerSec = v; });
  put("net.tx", (p, v) => { p.network[0].txBytesPerSec = v; });
  put("disk.read", (p, v) => { p.disks[0].readBytesPerSec = v; });
  put("disk.write", (p, v) => { p.disks[0].writeBytesPerSec = v; });
  return {
    points: withGaps([...byTime.values()].sort((a, b) => a.time - b.time), h.bucketMs),
    cores: withGaps(corePoints(h.cores ?? {}), h.coreBucketMs ?? h.bucketMs),
    snapshot: h.snapshot ? snapshotSample(h.snapshot) : null,
  };
}

// uPlot joins neighbouring points however far apart they are, so six days without a report would read as
// a straight line (and a peak band) across them. A point with no figures after a silence longer than the
// offline rule's (3 report intervals, or 3 buckets where those are wider) breaks the line there.
const REPORT_INTERVAL_MS = 60_000;
function withGaps(points, bucketMs) {
  const silence = 3 * Math.max(REPORT_INTERVAL_MS, bucketMs ?? 0);
  const out = [];
  for (const p of points) {
    const previous = out.at(-1);
    if (previous && p.time - previous.time > silence) out.push({ time: previous.time + (bucketMs ?? REPORT_INTERVAL_MS) });
    out.push(p);
  }
  return out;
}

function corePoints(cores) {
  const byTime = new Map();
  for (const [name, points] of Object.entries(cores)) {
    for (const [t, , avg] of points) {
      const p = byTime.get(t) ?? byTime.set(t, { time: t, cpu: { cores: [] } }).get(t);
      p.cpu.cores.push({ name, busy: avg });
    }
  }
  return [...byTime.values()].sort((a, b) => a.time - b.time);
}

// A stored report's tables as the live tables read a sample: a filesystem's used is its window's maximum.
function snapshotSample(s) {
  return {
    time: s.time,
    filesystems: (s.filesystems ?? []).map(f => ({ mount: f.mount, type: f.type ?? "–", used: f.usedMax, size: f.size })),
    processes: s.processes ?? [],
  };
}

// The stretch the axis spans: the one asked for, unless the data starts late in it; then from a little
// before the first point, so what there is reads at a useful scale. `since` is set when the axis was moved.
export function drawnWindow(span, points) {
  const first = points[0]?.time;
  const length = span.to - span.from;
  if (first == null || length <= SPARSE_MIN_SPAN_MS || first - span.from <= length * SPARSE_SHARE) return { ...span, since: null };
  const margin = Math.max(60_000, (span.to - first) * 0.05);
  return { from: Math.max(span.from, Math.round(first - margin)), to: span.to, since: first };
}

// "13:05 – 14:05", with dates once the stretch is longer than a day.
export function describeWindow({ from, to }) {
  const long = to - from > 86_400_000;
  const format = ms => long
    ? new Date(ms).toLocaleString([], { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" })
    : new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  return `${format(from)} – ${format(to)}`;
}

// "14:05", with the date when it is not today.
export function clockTime(ms) {
  const d = new Date(ms);
  const today = new Date().toDateString() === d.toDateString();
  return today
    ? d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })
    : d.toLocaleString([], { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
}

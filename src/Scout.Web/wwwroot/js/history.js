// The server page's view of the past: which stretch of time it shows (a range ending now, or a stretch
// zoomed into) and the history API points for it, shaped like realtime samples so one set of charts
// draws both.
import { history } from "./api.js";

export const RANGES = { "1h": 3_600_000, "6h": 21_600_000, "24h": 86_400_000, "7d": 604_800_000 };
export const DEFAULT_RANGE = "1h";

// Minute reports make a zoom narrower than a few minutes a handful of points at best.
export const MIN_ZOOM_MS = 5 * 60_000;

const METRICS = ["cpu.total", "memory.used", "memory.available", "swap.used", "load.one", "load.five", "load.fifteen", "net.rx", "net.tx", "disk.read", "disk.write"];

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

// History points as sample-shaped objects (bucket averages), oldest first; null when the server has
// no history API answer (unknown to the API, or it failed).
export async function loadPoints(serverId, from, to) {
  const h = await history(serverId, from, to, METRICS);
  if (!h?.series) return null;
  const byTime = new Map();
  const point = t => byTime.get(t) ?? byTime.set(t, { time: t, cpu: { total: {}, cores: [] }, memory: {}, load: {}, network: [{ name: "all" }], disks: [{ name: "all" }] }).get(t);
  const put = (name, setter) => { for (const [t, , avg] of h.series[name] ?? []) setter(point(t), avg); };
  put("cpu.total", (p, v) => { p.cpu.total.busy = v; });
  put("memory.used", (p, v) => { p.memory.used = v; });
  put("memory.available", (p, v) => { p.memory.available = v; });
  put("swap.used", (p, v) => { p.memory.swapUsed = v; });
  put("load.one", (p, v) => { p.load.one = v; });
  put("load.five", (p, v) => { p.load.five = v; });
  put("load.fifteen", (p, v) => { p.load.fifteen = v; });
  put("net.rx", (p, v) => { p.network[0].rxBytesPerSec = v; });
  put("net.tx", (p, v) => { p.network[0].txBytesPerSec = v; });
  put("disk.read", (p, v) => { p.disks[0].readBytesPerSec = v; });
  put("disk.write", (p, v) => { p.disks[0].writeBytesPerSec = v; });
  return [...byTime.values()].sort((a, b) => a.time - b.time);
}

// "13:05 – 14:05", with dates once the stretch is longer than a day.
export function describeWindow({ from, to }) {
  const long = to - from > 86_400_000;
  const format = ms => long
    ? new Date(ms).toLocaleString([], { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" })
    : new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  return `${format(from)} – ${format(to)}`;
}

// The server page: charts for one server, Realtime on/off over the page's one hub connection, a
// top-like process table, and filesystems. Charts start full from StartRealtime's backfill.
import * as fmt from "./format.js";
import { getJson, history } from "./api.js";
import { MetricsConnection } from "./hub.js";
import { SampleWindow } from "./series.js";
import { LineChart, units } from "./charts.js";
import { timed } from "./render-stats.js";

const serverId = decodeURIComponent(location.pathname.split("/").filter(Boolean)[1] ?? "");
const LIVE_POINTS = 300;          // five minutes at one sample a second
const PROCESS_ROWS = 40;

const statusEl = document.getElementById("status");
const toggle = document.getElementById("realtime");
const live = new SampleWindow(LIVE_POINTS);
let wanted = false;               // the user asked for realtime
let sortKey = "cpu";
let latest = null;                // the newest full sample: only it needs processes and filesystems

// The window keeps samples without their process lists (the bulk of a sample), so five minutes of
// points stay small; the tables read the newest full sample instead.
function keep(sample) {
  if (!latest || sample.time >= latest.time) latest = sample;
  const { processes, filesystems, ...slim } = sample;
  return slim;
}

const charts = {
  cpu: new LineChart(document.getElementById("chart-cpu"), units.percent, [
    { label: "busy", value: s => s.cpu?.total?.busy },
    { label: "user", value: s => s.cpu?.total?.user },
    { label: "system", value: s => s.cpu?.total?.system },
    { label: "io wait", value: s => s.cpu?.total?.ioWait },
  ]),
  cores: new LineChart(document.getElementById("chart-cores"), units.percent, []),
  memory: new LineChart(document.getElementById("chart-memory"), units.bytes, [
    { label: "used", value: s => s.memory?.used },
    { label: "available", value: s => s.memory?.available },
    { label: "cached", value: s => s.memory?.cached },
    { label: "swap used", value: s => s.memory?.swapUsed },
  ]),
  load: new LineChart(document.getElementById("chart-load"), units.load, [
    { label: "1 min", value: s => s.load?.one },
    { label: "5 min", value: s => s.load?.five },
    { label: "15 min", value: s => s.load?.fifteen },
  ]),
  network: new LineChart(document.getElementById("chart-network"), units.rate, [
    { label: "received", value: s => fmt.networkTotals(s).rx },
    { label: "sent", value: s => fmt.networkTotals(s).tx },
  ]),
  disk: new LineChart(document.getElementById("chart-disk"), units.rate, [
    { label: "read", value: s => fmt.diskTotals(s).read },
    { label: "write", value: s => fmt.diskTotals(s).write },
  ]),
};

function setStatus(state, text) {
  statusEl.className = `status status-${state}`;
  statusEl.textContent = text ?? state;
}

// Redraw at most once per animation frame, however many samples arrived (a backfill is hundreds).
let frame = 0;
function scheduleRender() {
  if (!frame) frame = requestAnimationFrame(timedRender);
}

const timedRender = timed(render);

function render() {
  frame = 0;
  const samples = live.samples;
  const last = live.last;
  if (!last || !latest) return;
  const cores = (last.cpu?.cores ?? []).map(c => c.name);
  if (cores.length && cores.length !== charts.cores.series.length) {
    charts.cores.reset(cores.map(name => ({ label: name, value: s => s.cpu?.cores?.find(c => c.name === name)?.busy })));
  }
  for (const chart of Object.values(charts)) if (chart.series.length) chart.render(samples);
  renderFilesystems(latest);
  renderProcesses(latest);
  statusEl.dataset.lastSample = String(last.time);
}

function renderFilesystems(sample) {
  const body = document.getElementById("fs-rows");
  const rows = sample.filesystems ?? [];
  syncRows(body, rows.length, 5);
  rows.forEach((f, i) => {
    const cells = body.rows[i].cells;
    const share = f.size > 0 ? (f.used / f.size) * 100 : 0;
    cells[0].textContent = f.mount;
    cells[1].textContent = f.type;
    cells[2].textContent = fmt.bytes(f.used);
    cells[3].textContent = fmt.bytes(f.size);
    cells[2].className = cells[3].className = "num";
    cells[4].innerHTML = "";
    const bar = document.createElement("div");
    bar.className = "fs-bar";
    bar.title = fmt.percent(share);
    bar.setAttribute("aria-label", `${fmt.percent(share)} used`);
    const fill = document.createElement("span");
    fill.style.width = `${Math.min(100, share)}%`;
    bar.append(fill);
    cells[4].append(bar);
  });
}

// Rows are reused, only their text changes: the table updates in place, keeping scroll and focus.
function syncRows(body, count, columns) {
  while (body.rows.length < count) {
    const row = body.insertRow();
    for (let i = 0; i < columns; i++) row.insertCell();
  }
  while (body.rows.length > count) body.deleteRow(-1);
}

function renderProcesses(sample) {
  const body = document.getElementById("proc-rows");
  const key = sortKey === "cpu" ? p => p.cpuPercent ?? -1 : p => p.rss ?? 0;
  const top = [...(sample.processes ?? [])].sort((a, b) => key(b) - key(a)).slice(0, PROCESS_ROWS);
  syncRows(body, top.length, 7);
  top.forEach((p, i) => {
    const row = body.rows[i];
    row.dataset.pid = String(p.pid);
    const values = [p.pid, p.user, p.state, p.cpuPercent == null ? "–" : p.cpuPercent.toFixed(1), fmt.bytes(p.rss), p.threads, p.command || p.name];
    values.forEach((v, c) => {
      const cell = row.cells[c];
      if (c === 0 || c === 3 || c === 4 || c === 5) cell.className = "num";
      const text = String(v);
      if (cell.textContent !== text) cell.textContent = text;
    });
  });
}

for (const th of document.querySelectorAll("th[data-sort]")) {
  th.querySelector("button").addEventListener("click", () => {
    sortKey = th.dataset.sort;
    for (const other of document.querySelectorAll("th[data-sort]")) other.setAttribute("aria-sort", other === th ? "descending" : "none");
    if (latest) renderProcesses(latest);
  });
}

const hub = new MetricsConnection({
  sample: s => { if (wanted && s.serverId === serverId && live.add(keep(s))) { if (statusEl.textContent !== "live") setStatus("live"); scheduleRender(); } },
  backfill: (id, samples) => { if (wanted && id === serverId && live.merge(samples.map(keep))) scheduleRender(); },
  serverOffline: id => { if (wanted && id === serverId) setStatus("offline", "agent offline"); },
  serverOnline: id => { if (wanted && id === serverId) setStatus("connecting"); },
  sessionEnded: (id, reason) => {
    if (id !== serverId || !wanted) return;
    stopLocally();
    setStatus("ended", `session ended (${reason})`);
  },
  state: state => {
    if (!wanted) return;
    if (state === "reconnecting") setStatus("reconnecting");
    else if (state === "connecting") setStatus("connecting");
  },
  started: started => {
    if (!wanted || started.serverId !== serverId) return;
    live.merge((started.backfill ?? []).map(keep));
    setStatus(started.online ? "live" : "offline", started.online ? "live" : "agent offline");
    scheduleRender();
  },
  failed: (id, e) => { if (id === serverId) setStatus("error", `could not start: ${e.message ?? e}`); },
});

function stopLocally() {
  wanted = false;
  hub.watched.delete(serverId);
  toggle.textContent = "Realtime";
  toggle.setAttribute("aria-pressed", "false");
}

toggle.addEventListener("click", async () => {
  if (wanted) {
    stopLocally();
    setStatus("stopped");
    await hub.unwatch(serverId);
    return;
  }
  wanted = true;
  toggle.textContent = "Stop";
  toggle.setAttribute("aria-pressed", "true");
  setStatus("connecting");
  live.clear();
  latest = null;
  await hub.watch(serverId);
});

async function loadHeader() {
  const servers = await getJson("/api/servers");
  const server = servers?.find(s => s.id === serverId);
  if (server) {
    document.getElementById("hostname").textContent = server.hostname;
    document.title = `${server.hostname} · Scout`;
  }
}

// Before realtime, the last hour from the history API (when the node has one) fills the charts.
async function loadHistory() {
  const to = Date.now();
  const h = await history(serverId, to - 3_600_000, to, ["cpu.total", "memory.used", "memory.available", "load.one", "load.five", "load.fifteen", "net.rx", "net.tx", "disk.read", "disk.write"]);
  const note = document.getElementById("history-note");
  if (!h?.series) { note.textContent = "No history yet: press Realtime to watch live."; return; }
  const byTime = new Map();
  const point = t => byTime.get(t) ?? byTime.set(t, { time: t, cpu: { total: {}, cores: [] }, memory: {}, load: {}, network: [{ name: "all" }], disks: [{ name: "all" }] }).get(t);
  const put = (name, setter) => { for (const [t, , avg] of h.series[name] ?? []) setter(point(t), avg); };
  put("cpu.total", (p, v) => { p.cpu.total.busy = v; });
  put("memory.used", (p, v) => { p.memory.used = v; });
  put("memory.available", (p, v) => { p.memory.available = v; });
  put("load.one", (p, v) => { p.load.one = v; });
  put("load.five", (p, v) => { p.load.five = v; });
  put("load.fifteen", (p, v) => { p.load.fifteen = v; });
  put("net.rx", (p, v) => { p.network[0].rxBytesPerSec = v; });
  put("net.tx", (p, v) => { p.network[0].txBytesPerSec = v; });
  put("disk.read", (p, v) => { p.disks[0].readBytesPerSec = v; });
  put("disk.write", (p, v) => { p.disks[0].writeBytesPerSec = v; });
  const points = [...byTime.values()].sort((a, b) => a.time - b.time);
  if (!points.length) { note.textContent = "No history yet: press Realtime to watch live."; return; }
  note.textContent = "Last hour (averages); press Realtime to watch live.";
  for (const [name, chart] of Object.entries(charts)) if (name !== "cores") chart.render(points);
}

// Enabled only now that the handler is attached, so an early click is never lost.
toggle.disabled = false;
loadHeader().catch(e => console.warn(e));
loadHistory().catch(e => console.warn(e));
hub.start();

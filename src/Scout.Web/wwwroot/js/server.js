// The server page: charts for one server, Realtime on/off over the page's one hub connection, a
// top-like process table, and filesystems. Without Realtime the charts show history (a range ending
// now, 1 h by default, or a stretch zoomed into); live charts start full from the agent's backfill,
// and when the live session ends the history for the selected range is drawn again.
import * as fmt from "./format.js";
import { getJson } from "./api.js";
import { HistoryView, loadHistory, describeWindow, drawnWindow, clockTime } from "./history.js";
import { MetricsConnection } from "./hub.js";
import { SampleWindow } from "./series.js";
import { LineChart, units } from "./charts.js";
import * as headlines from "./headlines.js";
import { timed } from "./render-stats.js";
import { FilesystemTable } from "./tables.js";
import { ProcessTable } from "./process-table.js";
import { interfaceTable, diskTable } from "./device-tables.js";

const serverId = decodeURIComponent(location.pathname.split("/").filter(Boolean)[1] ?? "");
const LIVE_POINTS = 300;          // five minutes at one sample a second
const HISTORY_REFRESH_MS = 60_000; // a new minute report may have arrived

const statusEl = document.getElementById("status");
const toggle = document.getElementById("realtime");
const live = new SampleWindow(LIVE_POINTS);
const processes = new ProcessTable(document.getElementById("proc-table"), document.getElementById("proc-panel"),
  document.getElementById("proc-filter"), document.getElementById("proc-count"));
const filesystems = new FilesystemTable(document.getElementById("fs-rows"), document.getElementById("fs-panel"));
const interfaces = interfaceTable(document.getElementById("if-rows"), document.getElementById("if-panel"));
const disks = diskTable(document.getElementById("disk-rows"), document.getElementById("disk-panel"));
let wanted = false;               // the user asked for realtime
let latest = null;                // the newest full sample: only it needs processes and filesystems
let showing = "history";          // what the charts draw: "history" or "live" (the first sample switches)
let historyAsk = 0;               // the latest history request; older answers arriving late are dropped
const past = new HistoryView();
let historyTables = null;         // what the tables show in history: a report's snapshot or the newest live sample

// The window keeps samples without their process lists (the bulk of a sample), so five minutes of
// points stay small; the tables read the newest full sample instead.
function keep(sample) {
  if (!latest || sample.time >= latest.time) latest = sample;
  const { processes, filesystems, ...slim } = sample;
  return slim;
}

const zoomHooks = { onZoom: (from, to) => zoomTo(from, to), onResetZoom: () => resetZoom() };
// Each chart's options: zoom, and the headline figure written into its panel's header.
const withHeadline = (name, text) => ({ ...zoomHooks, headline: { element: document.getElementById(`headline-${name}`), text } });
const charts = {
  cpu: new LineChart(document.getElementById("chart-cpu"), units.percent, [
    { label: "busy", value: s => s.cpu?.total?.busy, peak: s => s.cpu?.total?.busyMax },
    { label: "user", value: s => s.cpu?.total?.user },
    { label: "system", value: s => s.cpu?.total?.system },
    { label: "io wait", value: s => s.cpu?.total?.ioWait },
  ], withHeadline("cpu", headlines.cpu)),
  cores: new LineChart(document.getElementById("chart-cores"), units.percent, [], withHeadline("cores", headlines.cores)),
  memory: new LineChart(document.getElementById("chart-memory"), units.bytes, [
    { label: "used", value: s => s.memory?.used, peak: s => s.memory?.usedMax },
    { label: "available", value: s => s.memory?.available },
    { label: "cached", value: s => s.memory?.cached },
    { label: "swap used", value: s => s.memory?.swapUsed },
  ], withHeadline("memory", headlines.memory)),
  load: new LineChart(document.getElementById("chart-load"), units.load, [
    { label: "1 min", value: s => s.load?.one },
    { label: "5 min", value: s => s.load?.five },
    { label: "15 min", value: s => s.load?.fifteen },
  ], withHeadline("load", headlines.load)),
  network: new LineChart(document.getElementById("chart-network"), units.rate, [
    { label: "received", value: s => fmt.networkTotals(s).rx },
    { label: "sent", value: s => fmt.networkTotals(s).tx },
  ], withHeadline("network", headlines.network)),
  disk: new LineChart(document.getElementById("chart-disk"), units.rate, [
    { label: "read", value: s => fmt.diskTotals(s).read },
    { label: "write", value: s => fmt.diskTotals(s).write },
  ], withHeadline("disk", headlines.disk)),
};

function setStatus(state, text) {
  if (state !== "stalled") stopStallClock();
  statusEl.className = `status status-${state}`;
  statusEl.textContent = text ?? state;
}

// A stalled stream says how long it has been silent, counted from the last sample this page received, and
// says it again every second until samples resume: a chart that stopped moving must never look live (the
// charts are greyed too). The page times it itself, after three intervals without a sample as the node
// does; the node's serverStalled says the same, and only one of them needs to arrive.
const chartsEl = document.getElementById("charts");
let lastSampleAt = performance.now();
let stallAfterMs = 3000;          // three sampling intervals
let stallClock = 0;
function showStalled() {
  const tick = () => {
    statusEl.className = "status status-stalled";
    statusEl.textContent = `no data for ${Math.round((performance.now() - lastSampleAt) / 1000)} s`;
  };
  stopStallClock();
  tick();
  chartsEl.dataset.stale = "true";
  stallClock = setInterval(tick, 1000);
}
function stopStallClock() {
  if (stallClock) clearInterval(stallClock);
  stallClock = 0;
  delete chartsEl.dataset.stale;
}
setInterval(() => {
  if (wanted && !stallClock && statusEl.textContent === "live" && performance.now() - lastSampleAt > stallAfterMs) showStalled();
}, 1000);

// Redraw at most once per animation frame, however many samples arrived (a backfill is hundreds).
let frame = 0;
function scheduleRender() {
  if (!frame) frame = requestAnimationFrame(timedRender);
}

const timedRender = timed(render);

function render() {
  frame = 0;
  if (showing !== "live") return;
  const samples = live.samples;
  const last = live.last;
  if (!last || !latest) return;
  const cores = (last.cpu?.cores ?? []).map(c => c.name);
  if (cores.length && cores.length !== charts.cores.series.length) {
    charts.cores.reset(cores.map(name => ({ label: name, value: s => s.cpu?.cores?.find(c => c.name === name)?.busy })));
  }
  for (const chart of Object.values(charts)) if (chart.series.length) chart.render(samples);
  filesystems.show(latest);
  interfaces.show(latest);
  disks.show(latest);
  processes.show(latest);
  statusEl.dataset.lastSample = String(last.time);
}

const hub = new MetricsConnection({
  sample: s => { if (wanted && s.serverId === serverId && live.add(keep(s))) { lastSampleAt = performance.now(); if (statusEl.textContent !== "live") setStatus("live"); showLive(); } },
  backfill: (id, samples) => { if (wanted && id === serverId && live.merge(samples.map(keep))) showLive(); },
  // The live session is over until the agent returns: the past (now with the streamed minutes) again.
  serverOffline: id => { if (wanted && id === serverId) { setStatus("offline", "agent offline"); showHistory(); } },
  serverOnline: id => { if (wanted && id === serverId) setStatus("connecting"); },
  serverStalled: id => { if (wanted && id === serverId) showStalled(); },
  serverResumed: id => { if (wanted && id === serverId) setStatus("live"); },
  sessionEnded: (id, reason) => {
    if (id !== serverId || !wanted) return;
    stopLocally();
    setStatus("ended", `session ended (${reason})`);
    showHistory();
  },
  state: state => {
    if (!wanted) return;
    if (state === "reconnecting") setStatus("reconnecting");
    else if (state === "connecting") setStatus("connecting");
  },
  started: started => {
    if (!wanted || started.serverId !== serverId) return;
    lastSampleAt = performance.now();
    stallAfterMs = 3 * (started.intervalMs || 1000);
    setStatus(started.online ? "live" : "offline", started.online ? "live" : "agent offline");
    if (started.online && live.last) showLive();
  },
  failed: (id, e) => { if (id === serverId) setStatus("error", `could not start: ${e.message ?? e}`); },
});

function stopLocally() {
  wanted = false;
  hub.watched.delete(serverId);
  toggle.textContent = "Realtime";
  toggle.setAttribute("aria-pressed", "false");
}

async function stopRealtime() {
  stopLocally();
  setStatus("stopped");
  showHistory();
  await hub.unwatch(serverId);
}

toggle.addEventListener("click", async () => {
  if (wanted) {
    await stopRealtime();
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

// Panels with nothing to draw say why, in words. Written when a history answer is drawn or the page goes
// live, never per sample. h: the history drawn ({ points, cores, snapshot }), or null when live.
const CHART_PANELS = ["cpu", "memory", "load", "network", "disk"];
function notePanels(h) {
  const notes = {};
  if (h) {
    const empty = emptyReason(h);
    for (const name of CHART_PANELS) notes[name] = h.points.some(p => charts[name].series.some(s => s.value(p) != null)) ? "" : empty;
    notes.cores = h.cores.length ? "" : h.points.length
      ? "No per-core figures in this stretch: reports from agents older than this page do not carry them."
      : empty;
    const at = h.snapshot ? clockTime(h.snapshot.time) : null;
    notes.filesystems = at ? `At ${at}, the newest minute report in this stretch.`
      : latest ? "The newest live sample: no minute report in this stretch." : empty;
    notes.processes = at ? `The 40 busiest by CPU at ${at}, the newest minute report in this stretch.`
      : latest ? "The newest live sample: no minute report in this stretch." : empty;
    // Per interface and per disk the history keeps only the sums (the Network and Disk IO charts).
    notes.interfaces = latest
      ? "The newest live sample: the history keeps only the sum of every interface (the Network chart)."
      : "Each interface is shown live only (the history keeps their sum, in the Network chart): press Realtime.";
    notes.disks = latest
      ? "The newest live sample: the history keeps only the sum of every disk (the Disk IO chart)."
      : "Each disk is shown live only (the history keeps their sum, in the Disk IO chart): press Realtime.";
  }
  for (const name of [...CHART_PANELS, "cores", "filesystems", "interfaces", "disks", "processes"]) {
    const el = document.getElementById(`note-${name}`);
    const text = notes[name] ?? "";
    if (el.textContent !== text) el.textContent = text;
    el.hidden = !text;
    // A chart with nothing to draw is not shown at all: empty axes (0 – 1 KiB) read as a real, flat line.
    if (name in charts) document.getElementById(`chart-${name}`).hidden = Boolean(text);
  }
}

// Why a panel of this stretch has nothing: the server has sent no report yet, or none in this stretch.
function emptyReason(h) {
  if (collecting()) return "Nothing yet: the server's first minute report is on its way. Press Realtime to watch it live now.";
  if (!h.points.length) return "No minute report in this stretch: the agent was not reporting then. Choose a longer range, or press Realtime.";
  return "No figure in this stretch: the agent did not measure it (a rate needs two readings, an older agent sends fewer figures).";
}

// The server as GET /api/servers lists it (online, next report due, any history at all); null until loaded.
let server = null;
let serverLoadedAt = 0;
const collecting = () => server != null && !server.hasHistory;

// "collecting — first report in N s", counted down each second from the node's estimate; when it is due the
// history is asked again (then every 10 s), so the first report is drawn as soon as it is stored.
let collectClock = 0;
function showCollecting() {
  stopCollecting();
  const tick = async () => {
    if (showing !== "history" || !collecting()) { stopCollecting(); return; }
    const note = document.getElementById("history-note");
    if (server.nextReportInMs == null) {
      note.textContent = "No history yet: this server's agent is not connected, so no report is coming.";
      return;
    }
    const left = Math.ceil((server.nextReportInMs - (performance.now() - serverLoadedAt)) / 1000);
    note.textContent = left > 0
      ? `Collecting — first report in ${left} s. Press Realtime to see the last minutes now.`
      : "Collecting — first report due now. Press Realtime to see the last minutes now.";
    if (left <= 0 && -left % 10 === 0) {
      await loadServer();
      if (!collecting()) showHistory();
    }
  };
  tick();
  collectClock = setInterval(tick, 1000);
}
function stopCollecting() {
  if (collectClock) clearInterval(collectClock);
  collectClock = 0;
}

async function loadServer() {
  const servers = await getJson("/api/servers");
  const found = servers?.find(s => s.id === serverId);
  if (!found) return;
  server = found;
  serverLoadedAt = performance.now();
  document.getElementById("hostname").textContent = server.hostname;
  document.title = `${server.hostname} · Scout`;
}

// Live from the next frame on; a history answer still on its way is dropped.
function showLive() {
  if (showing !== "live") {
    showing = "live";
    historyAsk++;
    past.resetZoom();
    syncHistoryControls();
    stopCollecting();
    document.getElementById("history-note").textContent = "Live: a point a second, the last 5 minutes; Stop or a range button returns to history.";
    notePanels(null);
  }
  scheduleRender();
}

// The selected range (or the zoomed stretch) from the history API, drawn on the same charts. The axis
// spans the whole stretch asked for, with gaps where no report exists.
async function showHistory() {
  showing = "history";
  const ask = ++historyAsk;
  const span = past.window();
  syncHistoryControls(span);
  const h = await loadHistory(serverId, span.from, span.to) ?? { points: [], cores: [], snapshot: null };
  if (ask !== historyAsk || showing !== "history") return;
  const drawn = drawnWindow(span, h.points);
  const note = document.getElementById("history-note");
  if (!h.points.length && collecting()) showCollecting();
  else {
    stopCollecting();
    if (!h.points.length) note.textContent = "No history for this time yet: press Realtime to watch live.";
    else if (drawn.since) note.textContent = `Data since ${clockTime(drawn.since)}: the axis starts there, not at the start of the range. Averages of minute reports, peaks shaded.`;
    else note.textContent = `${past.zoomed ? "Zoomed" : "History"}: averages of minute reports, peaks shaded; press Realtime to watch live.`;
  }
  const view = { from: drawn.from, to: drawn.to };
  const names = [...new Set(h.cores.flatMap(p => (p.cpu?.cores ?? []).map(c => c.name)))];
  if (names.length && names.join() !== charts.cores.series.map(s => s.label).join()) {
    charts.cores.reset(names.map(name => ({ label: name, value: s => s.cpu?.cores?.find(c => c.name === name)?.busy })));
  }
  for (const [name, chart] of Object.entries(charts)) {
    if (chart.series.length) chart.render(name === "cores" ? h.cores : h.points, view);
  }
  // The tables show the stretch's newest report, else the newest live sample, else nothing (the note says why).
  historyTables = h.snapshot ?? latest ?? { time: 0, filesystems: [], processes: [] };
  filesystems.show(historyTables);
  processes.show(historyTables);
  notePanels(h);
}

function syncHistoryControls(span) {
  for (const button of rangeButtons) button.setAttribute("aria-pressed", String(button.dataset.range === past.range));
  resetButton.hidden = !past.zoomed;
  document.getElementById("view-range").textContent = showing === "history" && span ? describeWindow(span) : "";
}

// A range button while live ends the live session: the user asked to look at the past.
async function selectRange(range) {
  past.select(range);
  if (wanted) await stopRealtime();
  else showHistory();
}

function zoomTo(from, to) {
  if (showing !== "history") return;   // live charts move every second; zooming them would fight that
  past.zoomTo(from, to);
  showHistory();
}

function resetZoom() {
  if (!past.zoomed || showing !== "history") return;
  past.resetZoom();
  showHistory();
  rangeButtons.find(b => b.dataset.range === past.range)?.focus();
}

const rangeButtons = [...document.querySelectorAll("[data-range]")];
const resetButton = document.getElementById("reset-zoom");
for (const button of rangeButtons) button.addEventListener("click", () => selectRange(button.dataset.range));
resetButton.addEventListener("click", resetZoom);
document.addEventListener("keydown", e => { if (e.key === "Escape") resetZoom(); });
// A range ending now moves on: each minute may bring a report (not while zoomed, or the tab is hidden).
setInterval(() => { if (showing === "history" && !past.zoomed && !document.hidden) showHistory(); }, HISTORY_REFRESH_MS);

// Enabled only now that the handler is attached, so an early click is never lost.
toggle.disabled = false;
// The server first: whether it is new decides what an empty history says.
loadServer().catch(e => console.warn(e)).finally(() => showHistory().catch(e => console.warn(e)));
hub.start();

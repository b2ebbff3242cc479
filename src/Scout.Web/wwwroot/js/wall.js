// The live wall: many servers on one hub connection, a small tile per server with CPU, memory and
// network lines. Tiles redraw together once per animation frame.
import * as fmt from "./format.js";
import { getJson } from "./api.js";
import { MetricsConnection } from "./hub.js";
import { SampleWindow } from "./series.js";
import { drawSparkline } from "./sparkline.js";
import { timed } from "./render-stats.js";

const POINTS = 120;               // two minutes per tile
// The wall's servers, in order. The URL is the only place they are kept: a bookmark is the whole wall.
const ids = (new URLSearchParams(location.search).get("servers") ?? "").split(",").map(s => s.trim()).filter(Boolean);
const wall = document.getElementById("wall");
const statusEl = document.getElementById("status");
const tiles = new Map();
const dirty = new Set();
let frame = 0;

function tile(id, hostname) {
  const el = document.createElement("section");
  el.className = "tile";
  el.dataset.serverId = id;
  el.dataset.test = "wall-tile";
  el.innerHTML = `<h2><a></a><span class="badge" data-test="tile-status">connecting</span></h2>
    <div class="metric"><span>CPU</span><span data-v="cpu">–</span></div><canvas class="spark" data-c="cpu" role="img" aria-label="CPU"></canvas>
    <div class="metric"><span>Memory used</span><span data-v="mem">–</span></div><canvas class="spark" data-c="mem" role="img" aria-label="memory used"></canvas>
    <div class="metric"><span>Network rx / tx</span><span data-v="net">–</span></div><canvas class="spark" data-c="net" role="img" aria-label="network"></canvas>`;
  const link = el.querySelector("a");
  link.href = `/servers/${encodeURIComponent(id)}`;
  link.textContent = hostname ?? id;
  wall.append(el);
  const t = { el, window: new SampleWindow(POINTS), badge: el.querySelector("[data-test=tile-status]") };
  tiles.set(id, t);
  return t;
}

function setTileState(id, state) {
  const t = tiles.get(id);
  if (!t) return;
  if (!state.startsWith("no data")) t.stalledSince = null;
  t.badge.textContent = state;
  t.badge.className = `badge ${state === "live" ? "online" : "offline"}`;
  t.el.classList.toggle("offline", state !== "live");
}

function touch(id) {
  dirty.add(id);
  if (!frame) frame = requestAnimationFrame(timedDraw);
}

const timedDraw = timed(draw);

function draw() {
  frame = 0;
  for (const id of dirty) {
    const t = tiles.get(id);
    const samples = t.window.samples;
    const last = t.window.last;
    if (!last) continue;
    const net = fmt.networkTotals(last);
    t.el.querySelector("[data-v=cpu]").textContent = fmt.percent(last.cpu?.total?.busy);
    t.el.querySelector("[data-v=mem]").textContent = `${fmt.bytes(last.memory?.used)} of ${fmt.bytes(last.memory?.total)}`;
    t.el.querySelector("[data-v=net]").textContent = `${fmt.rate(net.rx)} / ${fmt.rate(net.tx)}`;
    t.el.dataset.lastSample = String(last.time);
    drawSparkline(t.el.querySelector("[data-c=cpu]"), samples.map(s => s.cpu?.total?.busy), { max: 100 });
    drawSparkline(t.el.querySelector("[data-c=mem]"), samples.map(s => s.memory?.used), { max: last.memory?.total || null, color: "#3fb950" });
    drawSparkline(t.el.querySelector("[data-c=net]"), samples.map(s => { const n = fmt.networkTotals(s); return (n.rx ?? 0) + (n.tx ?? 0); }), { color: "#d29922" });
  }
  dirty.clear();
}

// Tiles need CPU, memory and network only: drop the rest before keeping 120 samples per server.
const slim = s => ({ serverId: s.serverId, time: s.time, cpu: { total: s.cpu?.total }, memory: s.memory, network: s.network });

const hub = new MetricsConnection({
  sample: s => { const t = tiles.get(s.serverId); if (t && t.window.add(slim(s))) { t.lastSampleAt = performance.now(); if (t.badge.textContent !== "live") setTileState(s.serverId, "live"); touch(s.serverId); } },
  backfill: (id, samples) => { const t = tiles.get(id); if (t && t.window.merge(samples.map(slim))) touch(id); },
  serverOffline: id => setTileState(id, "agent offline"),
  serverOnline: id => setTileState(id, "connecting"),
  serverStalled: id => { const t = tiles.get(id); if (t) { t.stalledSince = t.lastSampleAt ?? performance.now(); showStalled(); } },
  serverResumed: id => setTileState(id, "live"),
  sessionEnded: (id, reason) => { setTileState(id, `ended (${reason})`); hub.watched.delete(id); },
  state: state => { statusEl.textContent = state === "connected" ? "live" : state; statusEl.className = `status status-${state === "connected" ? "live" : state}`; },
  started: started => {
    const t = tiles.get(started.serverId);
    if (!t) return;
    t.window.merge((started.backfill ?? []).map(slim));
    setTileState(started.serverId, started.online ? "live" : "agent offline");
    touch(started.serverId);
  },
  failed: (id, e) => setTileState(id, String(e.message ?? e).includes("not found") ? "not found" : "error"),
});

// Stalled tiles say how long they have been silent, again every second, until samples resume.
let stallClock = 0;
function showStalled() {
  const tick = () => {
    let any = false;
    for (const [id, t] of tiles) {
      if (t.stalledSince == null) continue;
      any = true;
      setTileState(id, `no data for ${Math.round((performance.now() - t.stalledSince) / 1000)} s`);
    }
    if (!any) { clearInterval(stallClock); stallClock = 0; }
  };
  tick();
  stallClock ||= setInterval(tick, 1000);
}

function showNoServers(show) {
  const error = document.getElementById("error");
  error.textContent = show ? "No servers picked: tick some under Choose servers." : "";
  error.hidden = !show;
  document.getElementById("picker").open ||= show;
}

// replaceState, not pushState: ticking ten boxes should not make ten Back steps.
function keepInUrl() {
  const query = ids.length ? `?servers=${ids.map(encodeURIComponent).join(",")}` : "";
  history.replaceState(null, "", `${location.pathname}${query}`);
}

async function add(id, hostname) {
  if (ids.includes(id)) return;
  ids.push(id);
  keepInUrl();
  showNoServers(false);
  tile(id, hostname);
  await hub.watch(id);
}

async function remove(id) {
  const at = ids.indexOf(id);
  if (at < 0) return;
  ids.splice(at, 1);
  keepInUrl();
  tiles.get(id)?.el.remove();
  tiles.delete(id);
  dirty.delete(id);
  showNoServers(!ids.length);
  await hub.unwatch(id);
}

function picker(servers) {
  const list = document.getElementById("picker-list");
  list.replaceChildren(...servers.map(server => {
    const item = document.createElement("li");
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.dataset.test = "wall-pick";
    box.dataset.serverId = server.id;
    box.checked = ids.includes(server.id);
    box.addEventListener("change", () => (box.checked ? add(server.id, server.hostname) : remove(server.id)).catch(e => console.warn(e)));
    label.append(box, ` ${server.hostname}`);
    item.append(label);
    return item;
  }));
}

async function main() {
  const servers = (await getJson("/api/servers").catch(() => null)) ?? [];
  const names = new Map(servers.map(s => [s.id, s.hostname]));
  picker(servers);
  showNoServers(!ids.length);
  for (const id of ids) tile(id, names.get(id));
  await hub.start();
  // One after another: the hub allows bursts of 120 StartRealtime calls and 10 a second after that.
  for (const id of [...ids]) await hub.watch(id);
}

main();

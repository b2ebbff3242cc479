// The live wall: many servers on one hub connection, a tile per server (wall-tile.js) in a grid that fills
// the screen (wall-layout.js). The servers and their order live in the address (?servers=a,b,c), so a wall
// is a bookmark; the picker ticks them on and off and moves them up and down. Tiles redraw together once
// per animation frame, and each says when its samples stopped.
import { getJson } from "./api.js";
import { MetricsConnection } from "./hub.js";
import { timed } from "./render-stats.js";
import { WallTile } from "./wall-tile.js";
import { fitWall } from "./wall-layout.js";

// Three sampling intervals without a sample, as the node counts before it sends serverStalled.
const STALL_INTERVALS = 3;

// The wall's servers, in order. The URL is the only place they are kept: a bookmark is the whole wall.
const ids = (new URLSearchParams(location.search).get("servers") ?? "").split(",").map(s => s.trim()).filter(Boolean);
const wall = document.getElementById("wall");
const statusEl = document.getElementById("status");
const tiles = new Map();
const names = new Map();          // server id → hostname, from the servers list
const intervals = new Map();      // server id → its sampling interval (ms), from StartRealtime's answer
const dirty = new Set();
let frame = 0;

function touch(id) {
  dirty.add(id);
  if (!frame) frame = requestAnimationFrame(timedDraw);
}

const timedDraw = timed(() => {
  frame = 0;
  for (const id of dirty) tiles.get(id)?.draw();
  dirty.clear();
});

function placeTile(id) {
  const t = new WallTile(id, names.get(id));
  tiles.set(id, t);
  wall.append(t.el);
  return t;
}

const live = id => tiles.get(id)?.setStatus("live");

const hub = new MetricsConnection({
  sample: s => { const t = tiles.get(s.serverId); if (t?.add(s)) { if (t.status !== "live") live(s.serverId); touch(s.serverId); } },
  backfill: (id, samples) => { if (tiles.get(id)?.merge(samples)) touch(id); },
  serverOffline: id => tiles.get(id)?.setStatus("offline", "agent offline"),
  serverOnline: id => tiles.get(id)?.setStatus("connecting"),
  serverStalled: id => stalled(tiles.get(id)),
  serverResumed: live,
  sessionEnded: (id, reason) => { tiles.get(id)?.setStatus("ended", `ended (${reason})`); hub.watched.delete(id); },
  state: state => { statusEl.textContent = state === "connected" ? "live" : state; statusEl.className = `status status-${state === "connected" ? "live" : state}`; },
  started: started => {
    const t = tiles.get(started.serverId);
    if (!t) return;
    intervals.set(started.serverId, started.intervalMs || 1000);
    t.lastSampleAt = performance.now();
    if (started.online) t.setStatus("live"); else t.setStatus("offline", "agent offline");
    touch(started.serverId);
  },
  failed: (id, e) => {
    const notFound = String(e.message ?? e).includes("not found");
    tiles.get(id)?.setStatus(notFound ? "not-found" : "error", notFound ? "not found" : "error");
  },
});

// A stalled tile says how long it has been silent, counted from its last sample, and greys its lines.
function stalled(t) {
  if (!t || (t.status !== "live" && t.status !== "stalled")) return;
  t.setStatus("stalled", `no data for ${Math.round(t.silentFor() ?? 0)} s`);
}

// Timed in the page as well as told by the node: a tile whose samples stopped must never look live, even
// when serverStalled is late or lost with a node. One clock for the whole wall, once a second.
setInterval(() => {
  for (const [id, t] of tiles) {
    if (t.status === "stalled" || (t.status === "live" && (t.silentFor() ?? 0) * 1000 > STALL_INTERVALS * (intervals.get(id) ?? 1000))) stalled(t);
  }
}, 1000);

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

// The grid follows the window, the tile count and the picker opening above it; the lines are redrawn at
// their new size.
function relayout() {
  fitWall(wall, tiles.size);
  for (const id of tiles.keys()) touch(id);
}

async function add(id) {
  if (ids.includes(id)) return;
  ids.push(id);
  changed();
  placeTile(id);
  relayout();
  await hub.watch(id);
}

async function remove(id) {
  const at = ids.indexOf(id);
  if (at < 0) return;
  ids.splice(at, 1);
  changed();
  tiles.get(id)?.el.remove();
  tiles.delete(id);
  dirty.delete(id);
  relayout();
  await hub.unwatch(id);
}

// by: -1 up (earlier on the wall), +1 down.
function move(id, by) {
  const at = ids.indexOf(id);
  const to = at + by;
  if (at < 0 || to < 0 || to >= ids.length) return;
  [ids[at], ids[to]] = [ids[to], ids[at]];
  changed();
  for (const other of ids) wall.append(tiles.get(other).el);
}

function changed() {
  keepInUrl();
  showNoServers(!ids.length);
  renderPicker();
}

// The wall's servers first, in wall order, with buttons to move them; the others after, as listed.
let servers = [];
function renderPicker() {
  const list = document.getElementById("picker-list");
  const focused = document.activeElement?.closest?.("#picker-list") ? document.activeElement : null;
  const refocus = focused && `[data-test='${focused.dataset.test}'][data-server-id='${CSS.escape(focused.dataset.serverId ?? "")}']`;
  const ordered = [...ids.map(id => servers.find(s => s.id === id)).filter(Boolean), ...servers.filter(s => !ids.includes(s.id))];
  list.replaceChildren(...ordered.map(server => pickerItem(server)));
  if (refocus) list.querySelector(refocus)?.focus();
}

function pickerItem(server) {
  const item = document.createElement("li");
  const label = document.createElement("label");
  const box = document.createElement("input");
  box.type = "checkbox";
  box.dataset.test = "wall-pick";
  box.dataset.serverId = server.id;
  box.checked = ids.includes(server.id);
  box.addEventListener("change", () => (box.checked ? add(server.id) : remove(server.id)).catch(e => console.warn(e)));
  label.append(box, ` ${server.hostname}`);
  item.append(label);
  const at = ids.indexOf(server.id);
  if (at >= 0) {
    item.append(moveButton(server, "up", "↑", at === 0, -1), moveButton(server, "down", "↓", at === ids.length - 1, 1));
  }
  return item;
}

function moveButton(server, direction, text, disabled, by) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "move";
  button.textContent = text;
  button.disabled = disabled;
  button.dataset.test = `wall-move-${direction}`;
  button.dataset.serverId = server.id;
  button.setAttribute("aria-label", `Move ${server.hostname} ${direction}`);
  button.addEventListener("click", () => move(server.id, by));
  return button;
}

document.getElementById("fullscreen").addEventListener("click", () => {
  if (document.fullscreenElement) document.exitFullscreen(); else document.documentElement.requestFullscreen().catch(e => console.warn(e));
});
document.getElementById("picker").addEventListener("toggle", relayout);
window.addEventListener("resize", relayout);

async function main() {
  servers = (await getJson("/api/servers").catch(() => null)) ?? [];
  for (const s of servers) names.set(s.id, s.hostname);
  renderPicker();
  showNoServers(!ids.length);
  for (const id of ids) placeTile(id);
  relayout();
  await hub.start();
  // One after another: the hub allows bursts of 120 StartRealtime calls and 10 a second after that.
  for (const id of [...ids]) await hub.watch(id);
}

main();

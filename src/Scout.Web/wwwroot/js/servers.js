// The servers list: every server of the user's accounts, online state, last seen, an hour of CPU
// from the history API when it exists, and checkboxes to open several servers on the live wall.
import * as fmt from "./format.js";
import { getJson, history } from "./api.js";
import { showError } from "./page-error.js";
import { drawSparkline } from "./sparkline.js";

const rows = document.getElementById("rows");
const watch = document.getElementById("watch");
const selection = document.getElementById("selection");
const selected = new Set();

function updateSelection() {
  watch.disabled = selected.size === 0;
  selection.textContent = selected.size ? `${selected.size} selected` : "";
}

watch.addEventListener("click", () => {
  location.assign(`/wall?servers=${[...selected].map(encodeURIComponent).join(",")}`);
});

document.getElementById("logout").addEventListener("click", async () => {
  await fetch("/api/logout", { method: "POST" });
  location.assign("/login");
});

function row(server) {
  const tr = document.createElement("tr");
  tr.dataset.serverId = server.id;
  tr.dataset.test = "server-row";

  const pick = document.createElement("input");
  pick.type = "checkbox";
  pick.setAttribute("aria-label", `watch ${server.hostname} on the live wall`);
  pick.addEventListener("change", () => { pick.checked ? selected.add(server.id) : selected.delete(server.id); updateSelection(); });

  const link = document.createElement("a");
  link.href = `/servers/${encodeURIComponent(server.id)}`;
  link.textContent = server.hostname;

  const state = document.createElement("span");
  state.className = `badge ${server.online ? "online" : "offline"}`;
  state.dataset.test = "server-state";
  state.textContent = server.online ? "online" : "offline";

  const seen = document.createElement("time");
  seen.dateTime = server.lastSeen ?? "";
  seen.textContent = server.online ? "now" : fmt.ago(server.lastSeen);

  const spark = document.createElement("canvas");
  spark.className = "spark";
  spark.setAttribute("role", "img");
  spark.setAttribute("aria-label", "no CPU history yet");

  for (const content of [pick, link, document.createTextNode(server.accountName), state, seen, spark]) {
    tr.insertCell().append(content);
  }
  loadSparkline(server, spark).catch(e => console.warn(e));
  return tr;
}

// An hour of CPU, or words for why there is none: a blank cell reads as broken.
async function loadSparkline(server, canvas) {
  const to = Date.now();
  const h = await history(server.id, to - 3_600_000, to, ["cpu.total"]);
  const points = h?.series?.["cpu.total"] ?? [];
  if (!points.length) {
    const note = document.createElement("span");
    note.className = "muted spark-note";
    note.dataset.test = "sparkline-note";
    note.textContent = !server.hasHistory && server.online ? "collecting" : "no reports this hour";
    note.title = !server.hasHistory && server.online
      ? "The agent is connected; its first minute report draws the line."
      : "No minute report arrived in the last hour.";
    canvas.replaceWith(note);
    return;
  }
  const avgs = points.map(p => p[2]);
  drawSparkline(canvas, avgs, { max: 100 });
  const peak = Math.max(...points.map(p => p[3] ?? p[2]));
  canvas.setAttribute("aria-label", `CPU over the last hour, peak ${fmt.percent(peak)}`);
  canvas.title = `peak ${fmt.percent(peak)}, now ${fmt.percent(avgs.at(-1))}`;
}

async function load() {
  try {
    const servers = await getJson("/api/servers") ?? [];
    rows.replaceChildren(...servers.map(row));
    document.getElementById("empty").hidden = servers.length > 0;
    const me = await getJson("/api/me");
    if (me) document.getElementById("me").textContent = me.email;
  } catch (e) {
    showError(`Could not load servers: ${e.message}`);
  }
}

load();

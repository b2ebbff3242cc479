// "Add a server": creates an agent key (POST, shown once), shows the commands that start an agent with
// it, then waits until a server of that account comes online that was not online when the key was made,
// and links to it. Polls GET /api/servers: a page waits for one event, a hub subscription would be more
// machinery than one request every few seconds.
import { getJson } from "./api.js";
import { showError } from "./page-error.js";

const POLL_MS = 2000;
const create = document.getElementById("create");
const accountChoice = document.getElementById("account-choice");
const accountSelect = document.getElementById("account");
const waiting = document.getElementById("waiting");

async function onlineIds(accountId) {
  const servers = await getJson("/api/servers") ?? [];
  return new Map(servers.filter(s => s.accountId === accountId && s.online).map(s => [s.id, s]));
}

async function waitForNewServer(accountId, before) {
  try {
    for (const [id, server] of await onlineIds(accountId)) {
      if (before.has(id)) continue;
      const link = document.createElement("a");
      link.href = `/servers/${encodeURIComponent(id)}`;
      link.dataset.test = "new-server-link";
      link.textContent = server.hostname;
      waiting.replaceChildren(link, document.createTextNode(" is online."));
      return;
    }
  } catch (e) {
    console.warn("server list unavailable; trying again", e);
  }
  setTimeout(() => waitForNewServer(accountId, before), POLL_MS);
}

create.addEventListener("click", async () => {
  create.disabled = true;
  const accountId = accountSelect.value;
  // Online before the key exists: anything online later that is not in here is the new machine.
  const before = await onlineIds(accountId).catch(() => new Map());
  const response = await fetch(`/api/account/agent-keys?account=${encodeURIComponent(accountId)}`,
    { method: "POST", headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    showError(body.error ?? `could not create a key (${response.status})`);
    create.disabled = false;
    return;
  }
  document.getElementById("install-command").textContent = body.installCommand;
  document.getElementById("agent-command").textContent = body.command;
  document.getElementById("agent-key").textContent = body.key;
  document.getElementById("commands").hidden = false;
  waiting.textContent = "Waiting for the new server to come online…";
  waitForNewServer(body.accountId, before);
});

// Keys are made by an account's owners: offer only the accounts this user owns.
async function load() {
  const me = await getJson("/api/me");
  const owned = (me?.accounts ?? []).filter(a => a.role === "owner");
  if (!owned.length) { showError("Only an owner of an account can add servers to it."); return; }
  accountSelect.replaceChildren(...owned.map(a => new Option(a.name, a.id)));
  accountChoice.hidden = owned.length < 2;
  create.disabled = false;
}

load().catch(e => showError(`Could not load your accounts: ${e.message}`));

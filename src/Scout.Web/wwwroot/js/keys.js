// Agent keys of every account the user owns: created, last used, revoked; Revoke sends a DELETE (a
// same-origin fetch, so the node's Origin check lets it through).
import * as fmt from "./format.js";
import { getJson } from "./api.js";
import { showError } from "./page-error.js";

const container = document.getElementById("accounts");
const status = document.getElementById("status");

const when = iso => iso ? new Date(iso).toLocaleString() : "never";

async function revoke(account, key, button) {
  button.disabled = true;
  const response = await fetch(
    `/api/account/agent-keys/${encodeURIComponent(key.id)}?account=${encodeURIComponent(account.id)}`,
    { method: "DELETE" });
  if (!response.ok && response.status !== 404) {
    const body = await response.json().catch(() => ({}));
    showError(body.error ?? `could not revoke the key (${response.status})`);
    button.disabled = false;
    return;
  }
  // 404: revoked meanwhile (another tab, the ops console); either way the list shows the stored state.
  status.textContent = `Key ${key.id} revoked.`;
  await load();
}

function keyRow(account, key) {
  const tr = document.createElement("tr");
  tr.dataset.test = "key-row";
  tr.dataset.keyId = key.id;
  const state = document.createElement("span");
  state.dataset.test = "key-state";
  state.className = `badge ${key.revoked ? "offline" : "online"}`;
  state.textContent = key.revoked ? `revoked ${when(key.revoked)}` : "active";
  const lastUsed = document.createElement("span");
  lastUsed.dataset.test = "key-last-used";
  lastUsed.textContent = key.lastUsed ? fmt.ago(key.lastUsed) : "never";
  lastUsed.title = when(key.lastUsed);
  const action = document.createElement("span");
  if (!key.revoked) {
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.test = "revoke-key";
    button.textContent = "Revoke";
    button.setAttribute("aria-label", `revoke key ${key.id}`);
    button.addEventListener("click", () => revoke(account, key, button));
    action.append(button);
  }
  for (const content of [key.id, key.label, when(key.created), lastUsed, state, action])
    tr.insertCell().append(content);
  return tr;
}

function accountTable(account, keys) {
  const table = document.createElement("table");
  table.dataset.test = "key-list";
  table.dataset.accountId = account.id;
  table.createCaption().textContent = account.name;
  table.caption.className = "start";
  const head = table.createTHead().insertRow();
  for (const title of ["Key", "Label", "Created", "Last used", "State", ""]) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = title;
    head.append(th);
  }
  const body = table.createTBody();
  // Active keys first, the newest on top: the ones an owner is likely to act on.
  const ordered = [...keys].sort((a, b) => (!!a.revoked - !!b.revoked) || Date.parse(b.created) - Date.parse(a.created));
  body.append(...ordered.map(k => keyRow(account, k)));
  return table;
}

async function load() {
  const me = await getJson("/api/me");
  const owned = (me?.accounts ?? []).filter(a => a.role === "owner");
  if (!owned.length) { showError("Only an owner of an account can see its agent keys."); return; }
  const tables = [];
  for (const account of owned) {
    const keys = await getJson(`/api/account/agent-keys?account=${encodeURIComponent(account.id)}`) ?? [];
    tables.push(accountTable(account, keys));
  }
  container.replaceChildren(...tables);
}

load().catch(e => showError(`Could not load the keys: ${e.message}`));

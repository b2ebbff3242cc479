// The server page's process view, htop-like: every process of the newest sample in dense rows, sortable by
// PID, user, CPU, memory or command (click or Enter/Space on a header; again reverses), the command cut with an
// ellipsis (full text in the row's title and when the row is expanded), and the keyboard: arrow keys move the
// focused row, Enter or Space expands it, "/" jumps to the filter box.
//
// It updates every second while live, so it stays cheap: rows are reused, a cell is written only when its text
// changed (the last text is kept in JS; nothing is read back from the DOM), a sample already shown is skipped,
// and nothing happens while the table is off screen.
import * as fmt from "./format.js";
import { SampleTable } from "./tables.js";

const command = p => p.command || p.name || "";

// Sortable columns: the value compared and the direction a first click picks (biggest first for figures,
// A to Z for text, as htop does).
const SORTS = {
  pid: { value: p => p.pid, first: "ascending" },
  user: { value: p => (p.user ?? "").toLowerCase(), first: "ascending" },
  cpu: { value: p => p.cpuPercent ?? -1, first: "descending" },
  rss: { value: p => p.rss ?? 0, first: "descending" },
  command: { value: p => command(p).toLowerCase(), first: "ascending" },
};

// The cells of a row, in the header's order: PID, user, state, CPU %, memory, threads, command.
const NUMERIC = [true, false, false, true, true, true, false];
const COMMAND = 6;
const cells = p => [p.pid, p.user ?? "", p.state ?? "", p.cpuPercent == null ? "–" : p.cpuPercent.toFixed(1), fmt.bytes(p.rss), p.threads ?? "", command(p)];

export class ProcessTable extends SampleTable {
  // table: the <table> (headers with th[data-sort] buttons, one tbody); visibleElement: what must be on screen
  // for a redraw; filter: the search box; countElement: "12 of 100 processes" while a filter is set.
  constructor(table, visibleElement, filter, countElement) {
    super(visibleElement);
    this.table = table;
    this.body = table.tBodies[0];
    this.rows = [];               // { tr, cells, texts, pid }, reused from sample to sample
    this.sort = { key: "cpu", direction: "descending" };
    this.filter = "";             // lower-case text a row's PID, user or command must contain
    this.countElement = countElement;
    this.countText = null;
    this.expanded = new Set();    // pids whose rows show the whole command
    this.selectedPid = null;      // the process of the focused row: focus follows it when the order changes
    this.#wireHeaders();
    this.#wireKeys(filter);
    filter.addEventListener("input", () => this.setFilter(filter.value));
  }

  // Filtering happens on every process of the sample, so a quiet one can be found among all the agent sent.
  setFilter(text) {
    this.filter = text.trim().toLowerCase();
    this.redraw();
  }

  sortBy(key) {
    const direction = this.sort.key === key
      ? (this.sort.direction === "ascending" ? "descending" : "ascending")
      : SORTS[key].first;
    this.sort = { key, direction };
    for (const th of this.table.querySelectorAll("th[data-sort]")) {
      th.setAttribute("aria-sort", th.dataset.sort === key ? direction : "none");
    }
    this.redraw();
  }

  // The header buttons are native buttons: a click, Enter and Space all arrive as "click".
  #wireHeaders() {
    for (const th of this.table.querySelectorAll("th[data-sort]")) {
      th.querySelector("button").addEventListener("click", () => this.sortBy(th.dataset.sort));
    }
  }

  #wireKeys(filter) {
    this.body.addEventListener("keydown", e => this.#onRowKey(e));
    this.body.addEventListener("click", e => {
      const tr = e.target.closest("tr");
      if (tr && !window.getSelection()?.toString()) this.#toggle(tr);
    });
    this.body.addEventListener("focusin", e => {
      const row = this.rows.find(r => r.tr === e.target);
      if (row) this.#select(row);
    });
    // "/" finds, as in less, htop and most web apps; not while typing somewhere else.
    document.addEventListener("keydown", e => {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.target.closest?.("input, textarea, select, [contenteditable]")) return;
      e.preventDefault();
      filter.focus();
      filter.select();
    });
  }

  #onRowKey(e) {
    const at = this.rows.findIndex(r => r.tr === e.target);
    if (at < 0) return;
    const moves = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: this.rows.length - 1, PageDown: at + 10, PageUp: at - 10 };
    if (e.key in moves) {
      e.preventDefault();
      const to = Math.max(0, Math.min(this.rows.length - 1, moves[e.key]));
      this.rows[to].tr.focus();
    } else if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      this.#toggle(e.target);
    }
  }

  #select(row) {
    this.selectedPid = row.pid;
    // One row in the tab order (roving tabindex): Tab leaves the table instead of walking 80 rows.
    for (const r of this.rows) if (r !== row && r.tr.tabIndex === 0) r.tr.tabIndex = -1;
    row.tr.tabIndex = 0;
  }

  #toggle(tr) {
    const row = this.rows.find(r => r.tr === tr);
    if (!row) return;
    if (this.expanded.has(row.pid)) this.expanded.delete(row.pid); else this.expanded.add(row.pid);
    this.#markExpanded(row);
  }

  #markExpanded(row) {
    const open = this.expanded.has(row.pid);
    row.tr.classList.toggle("expanded", open);
    row.tr.setAttribute("aria-expanded", String(open));
  }

  #matches(p) {
    const f = this.filter;
    // Digits only: that PID, not every command line that happens to contain those digits.
    if (/^\d+$/.test(f)) return String(p.pid) === f;
    return (p.user ?? "").toLowerCase().includes(f) || command(p).toLowerCase().includes(f);
  }

  #sorted(list) {
    const { value } = SORTS[this.sort.key];
    const sign = this.sort.direction === "ascending" ? 1 : -1;
    // Ties by PID, so equal rows do not swap places from one second to the next.
    return list.sort((a, b) => {
      const x = value(a), y = value(b);
      return x < y ? -sign : x > y ? sign : a.pid - b.pid;
    });
  }

  draw(sample) {
    const all = sample.processes ?? [];
    const kept = this.filter ? all.filter(p => this.#matches(p)) : [...all];
    const list = this.#sorted(kept);
    const count = !this.filter ? "" : kept.length ? `${kept.length} of ${all.length} processes` : "no process matches";
    if (this.countElement && count !== this.countText) { this.countElement.textContent = count; this.countText = count; }

    const focused = this.rows.findIndex(r => r.tr === document.activeElement);
    this.#resize(list.length);
    list.forEach((p, i) => this.#write(this.rows[i], p));
    if (!this.rows.some(r => r.tr.tabIndex === 0) && this.rows.length) this.rows[0].tr.tabIndex = 0;
    // The focused process moved (a new order, a new sample): focus follows it, without scrolling the page.
    if (focused >= 0) {
      const follow = this.rows.find(r => r.pid === this.selectedPid) ?? this.rows[Math.min(focused, this.rows.length - 1)];
      if (follow && follow.tr !== document.activeElement) follow.tr.focus({ preventScroll: true });
    }
  }

  #resize(count) {
    while (this.rows.length < count) {
      const tr = this.body.insertRow();
      tr.tabIndex = -1;
      tr.setAttribute("aria-expanded", "false");
      const tds = NUMERIC.map(num => { const td = tr.insertCell(); if (num) td.className = "num"; return td; });
      tds[COMMAND].className = "cmd";
      this.rows.push({ tr, cells: tds, texts: [], pid: null });
    }
    while (this.rows.length > count) { this.rows.pop(); this.body.deleteRow(-1); }
  }

  #write(row, p) {
    if (row.pid !== p.pid) {
      row.pid = p.pid;
      row.tr.dataset.pid = String(p.pid);
      this.#markExpanded(row);
    }
    const values = cells(p);
    for (let c = 0; c < values.length; c++) {
      const text = String(values[c]);
      if (row.texts[c] === text) continue;
      row.texts[c] = text;
      row.cells[c].textContent = text;
      if (c === COMMAND) row.cells[c].title = text;
    }
  }
}

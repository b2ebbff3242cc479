// The server page's tables, updated in place every second while live. Rows are reused and a cell is
// written only when its text changed (the previous text is kept in JS, so no DOM is read back), which
// keeps scroll position and focus and leaves the browser no layout to redo for unchanged rows. A table
// off screen is not touched: it shows the newest sample as soon as it scrolls into view.
import * as fmt from "./format.js";

// Calls draw() now if the element is on screen (or has never been drawn), otherwise once it scrolls in.
class WhenVisible {
  constructor(element, draw) {
    this.draw = draw;
    this.visible = false;
    this.drawn = false;
    this.pending = false;
    new IntersectionObserver(entries => {
      this.visible = entries[entries.length - 1].isIntersecting;
      if (this.visible && this.pending) this.#run();
    }, { rootMargin: "100px" }).observe(element);
  }

  request() {
    if (this.visible || !this.drawn) this.#run();
    else this.pending = true;
  }

  #run() {
    this.pending = false;
    this.drawn = true;
    this.draw();
  }
}

class Rows {
  constructor(body, numeric) {
    this.body = body;
    this.numeric = numeric;       // per column: right-aligned figures
    this.texts = [];              // per row: the texts last written
  }

  resize(count) {
    while (this.texts.length < count) {
      const row = this.body.insertRow();
      this.numeric.forEach(num => { const cell = row.insertCell(); if (num) cell.className = "num"; });
      this.texts.push([]);
    }
    while (this.texts.length > count) { this.body.deleteRow(-1); this.texts.pop(); }
  }

  // Returns true when something in the row changed.
  write(index, values) {
    const cells = this.body.rows[index].cells;
    const texts = this.texts[index];
    let changed = false;
    for (let c = 0; c < values.length; c++) {
      const text = String(values[c]);
      if (texts[c] !== text) { cells[c].textContent = text; texts[c] = text; changed = true; }
    }
    return changed;
  }
}

export class ProcessTable {
  // countElement: where "12 of 100 processes" goes while a filter is set.
  constructor(body, visibleElement, rows, countElement = null) {
    this.rows = new Rows(body, [true, false, false, true, true, true, false]);
    this.limit = rows;
    this.filter = "";             // lower-case text a row's PID, user or command must contain
    this.countElement = countElement;
    this.countText = null;
    this.pids = [];
    this.sample = null;
    this.sortKey = "cpu";
    this.shown = { sample: null, sortKey: null };
    this.gate = new WhenVisible(visibleElement, () => this.#draw());
  }

  show(sample, sortKey = this.sortKey) {
    this.sample = sample;
    this.sortKey = sortKey;
    if (this.shown.sample === sample && this.shown.sortKey === sortKey) return;
    this.gate.request();
  }

  // Filtering happens before the top-N cut, so a quiet process can be found among all the agent sent.
  setFilter(text) {
    this.filter = text.trim().toLowerCase();
    this.shown = { sample: null, sortKey: null };
    if (this.sample) this.gate.request();
  }

  // Digits only: that PID, not every command line that happens to contain those digits.
  #matches(p) {
    const f = this.filter;
    if (/^\d+$/.test(f)) return String(p.pid) === f;
    return (p.user ?? "").toLowerCase().includes(f) || (p.command || p.name || "").toLowerCase().includes(f);
  }

  #draw() {
    const sample = this.sample;
    if (!sample) return;
    this.shown = { sample, sortKey: this.sortKey };
    const key = this.sortKey === "cpu" ? p => p.cpuPercent ?? -1 : p => p.rss ?? 0;
    const all = sample.processes ?? [];
    const kept = this.filter ? all.filter(p => this.#matches(p)) : all;
    const top = [...kept].sort((a, b) => key(b) - key(a)).slice(0, this.limit);
    const count = !this.filter ? "" : kept.length ? `${kept.length} of ${all.length} processes` : "no process matches";
    if (this.countElement && count !== this.countText) { this.countElement.textContent = count; this.countText = count; }
    this.rows.resize(top.length);
    this.pids.length = top.length;
    top.forEach((p, i) => {
      if (this.pids[i] !== p.pid) { this.rows.body.rows[i].dataset.pid = String(p.pid); this.pids[i] = p.pid; }
      this.rows.write(i, [p.pid, p.user, p.state, p.cpuPercent == null ? "–" : p.cpuPercent.toFixed(1), fmt.bytes(p.rss), p.threads, p.command || p.name]);
    });
  }
}

export class FilesystemTable {
  constructor(body, visibleElement) {
    this.rows = new Rows(body, [false, false, true, true, false]);
    this.usage = [];              // per row: the usage bar's text last written
    this.sample = null;
    this.shown = null;
    this.gate = new WhenVisible(visibleElement, () => this.#draw());
  }

  show(sample) {
    this.sample = sample;
    if (this.shown !== sample) this.gate.request();
  }

  #draw() {
    const sample = this.sample;
    if (!sample) return;
    this.shown = sample;
    const list = sample.filesystems ?? [];
    this.rows.resize(list.length);
    this.usage.length = list.length;
    list.forEach((f, i) => {
      const share = f.size > 0 ? (f.used / f.size) * 100 : 0;
      const usage = fmt.percent(share);
      this.rows.write(i, [f.mount, f.type, fmt.bytes(f.used), fmt.bytes(f.size)]);
      if (this.usage[i] === usage) return;
      this.usage[i] = usage;
      const cell = this.rows.body.rows[i].cells[4];
      if (!cell.firstChild) {
        const bar = document.createElement("div");
        bar.className = "fs-bar";
        bar.append(document.createElement("span"));
        cell.append(bar);
      }
      const bar = cell.firstChild;
      bar.title = usage;
      bar.setAttribute("aria-label", `${usage} used`);
      bar.firstChild.style.width = `${Math.min(100, share)}%`;
    });
  }
}

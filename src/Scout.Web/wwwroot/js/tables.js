// The server page's tables (filesystems here; processes in process-table.js, interfaces and disks in
// device-tables.js), updated in place every second while live. Rows are reused and a cell is
// written only when its text changed (the previous text is kept in JS, so no DOM is read back), which
// keeps scroll position and focus and leaves the browser no layout to redo for unchanged rows. A table
// off screen is not touched: it shows the newest sample as soon as it scrolls into view.
import * as fmt from "./format.js";

// Calls draw() now if the element is on screen (or has never been drawn), otherwise once it scrolls in.
export class WhenVisible {
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

export class Rows {
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

// A table of the newest sample it was shown: drawn (draw(sample), in the subclass) when it is on screen and that
// sample is not the one already drawn; redraw() draws the same sample again (a new sort or filter).
export class SampleTable {
  constructor(visibleElement) {
    this.sample = null;
    this.shown = null;            // the sample last drawn, or null when it must be drawn again
    this.gate = new WhenVisible(visibleElement, () => this.#run());
  }

  show(sample) {
    this.sample = sample;
    if (this.shown !== sample) this.gate.request();
  }

  redraw() {
    this.shown = null;
    if (this.sample) this.gate.request();
  }

  #run() {
    if (!this.sample) return;
    this.shown = this.sample;
    this.draw(this.sample);
  }
}

export class FilesystemTable extends SampleTable {
  constructor(body, visibleElement) {
    super(visibleElement);
    this.rows = new Rows(body, [false, false, true, true, false]);
    this.usage = [];              // per row: the usage bar's text last written
  }

  draw(sample) {
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

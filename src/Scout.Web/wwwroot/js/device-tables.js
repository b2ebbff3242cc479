// Each network interface and each disk on its own row, as the terminal `top` of the ops console shows them:
// the Network and Disk IO charts only draw the sums. Live only (the minute history keeps the sums), updated
// in place like the other tables: rows reused, a cell written only when its text changed, nothing while off
// screen.
import * as fmt from "./format.js";
import { Rows, SampleTable } from "./tables.js";

// Packets and operations per second: whole numbers, a decimal under ten so a quiet link does not read 0.
const perSecond = v => v == null || !Number.isFinite(v) ? "–" : `${v < 10 && v > 0 ? v.toFixed(1) : Math.round(v)}/s`;
const sum = (a, b) => a == null && b == null ? null : (a ?? 0) + (b ?? 0);

class DeviceTable extends SampleTable {
  // list(sample): the devices; numeric: per column whether it holds figures (right-aligned); cells(item): a row's texts.
  constructor(body, visibleElement, { list, key, numeric, cells }) {
    super(visibleElement);
    this.rows = new Rows(body, numeric);
    this.list = list;
    this.key = key;               // the data attribute naming a row's device, for specs and scripts
    this.cells = cells;
    this.names = [];
  }

  draw(sample) {
    const items = this.list(sample);
    this.rows.resize(items.length);
    this.names.length = items.length;
    items.forEach((item, i) => {
      if (this.names[i] !== item.name) { this.rows.body.rows[i].dataset[this.key] = item.name; this.names[i] = item.name; }
      this.rows.write(i, this.cells(item));
    });
  }
}

// The loopback is left out, as in the Network chart's sums: traffic to itself is not the server's network.
export const interfaceTable = (body, visibleElement) => new DeviceTable(body, visibleElement, {
  list: s => (s.network ?? []).filter(n => n.name !== "lo"),
  key: "interface",
  numeric: [false, true, true, true, true, true, true],
  cells: n => [n.name, fmt.rate(n.rxBytesPerSec), fmt.rate(n.txBytesPerSec), perSecond(n.rxPacketsPerSec), perSecond(n.txPacketsPerSec),
    perSecond(sum(n.rxErrorsPerSec, n.txErrorsPerSec)), perSecond(sum(n.rxDropsPerSec, n.txDropsPerSec))],
});

export const diskTable = (body, visibleElement) => new DeviceTable(body, visibleElement, {
  list: s => s.disks ?? [],
  key: "disk",
  numeric: [false, true, true, true, true, true],
  cells: d => [d.name, fmt.rate(d.readBytesPerSec), fmt.rate(d.writeBytesPerSec), perSecond(d.readOpsPerSec), perSecond(d.writeOpsPerSec),
    fmt.percent(d.busyPercent)],
});

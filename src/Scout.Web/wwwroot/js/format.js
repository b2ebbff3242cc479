// Units for every figure on the pages: %, bytes with binary prefixes, rates per second.
const BINARY = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

export function bytes(value) {
  if (value == null || !Number.isFinite(value)) return "–";
  let v = Math.abs(value), i = 0;
  while (v >= 1024 && i < BINARY.length - 1) { v /= 1024; i++; }
  return `${(Math.sign(value) * v).toFixed(v >= 100 || i === 0 ? 0 : 1)} ${BINARY[i]}`;
}

export const rate = value => value == null ? "–" : `${bytes(value)}/s`;
export const percent = value => value == null || !Number.isFinite(value) ? "–" : `${value.toFixed(1)} %`;
export const load = value => value == null ? "–" : value.toFixed(2);

export function ago(iso) {
  if (!iso) return "never";
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)} h ago`;
  return new Date(iso).toLocaleString();
}

// Sums across interfaces and disks; the loopback interface is local traffic, not the server's network.
export function networkTotals(sample) {
  let rx = null, tx = null;
  for (const n of sample.network ?? []) {
    if (n.name === "lo") continue;
    if (n.rxBytesPerSec != null) rx = (rx ?? 0) + n.rxBytesPerSec;
    if (n.txBytesPerSec != null) tx = (tx ?? 0) + n.txBytesPerSec;
  }
  return { rx, tx };
}

export function diskTotals(sample) {
  let read = null, write = null;
  for (const d of sample.disks ?? []) {
    if (d.readBytesPerSec != null) read = (read ?? 0) + d.readBytesPerSec;
    if (d.writeBytesPerSec != null) write = (write ?? 0) + d.writeBytesPerSec;
  }
  return { read, write };
}

// The figure each chart's header shows, from the newest sample drawn (live or history): what a glance
// at the page should answer without reading a legend.
import * as fmt from "./format.js";

export const cpu = s => fmt.percent(s.cpu?.total?.busy);

// Per core, the busiest one: a single pegged core hides in a total.
export function cores(s) {
  let top = null;
  for (const c of s.cpu?.cores ?? []) if (c.busy != null && (top == null || c.busy > top)) top = c.busy;
  return top == null ? "" : `busiest ${fmt.percent(top)}`;
}

// used = total - available (docs/metrics.md), so history, which has no total, can add them up.
export function memory(s) {
  const m = s.memory ?? {};
  const total = m.total ?? (m.used != null && m.available != null ? m.used + m.available : null);
  return m.used == null ? "" : total == null ? fmt.bytes(m.used) : `${fmt.bytes(m.used)} of ${fmt.bytes(total)}`;
}

export const load = s => s.load?.one == null ? "" : fmt.load(s.load.one);

export function network(s) {
  const { rx, tx } = fmt.networkTotals(s);
  return rx == null && tx == null ? "" : `in ${fmt.rate(rx)} · out ${fmt.rate(tx)}`;
}

export function disk(s) {
  const { read, write } = fmt.diskTotals(s);
  return read == null && write == null ? "" : `read ${fmt.rate(read)} · write ${fmt.rate(write)}`;
}

// A bounded, time-ordered window of samples for charts: never more than `capacity` points, so a page
// left live for hours uses the same memory as after five minutes.
export class SampleWindow {
  constructor(capacity) {
    this.capacity = capacity;
    this.samples = [];
  }

  get last() { return this.samples.at(-1); }

  // Returns true when something new was added. The common case (the next second) is an append;
  // backfills and reconnect gaps merge by time, dropping duplicates.
  add(sample) {
    const last = this.last;
    if (!last || sample.time > last.time) {
      this.samples.push(sample);
      if (this.samples.length > this.capacity) this.samples.splice(0, this.samples.length - this.capacity);
      return true;
    }
    return this.merge([sample]);
  }

  merge(batch) {
    const byTime = new Map(this.samples.map(s => [s.time, s]));
    let added = false;
    for (const s of batch) if (!byTime.has(s.time)) { byTime.set(s.time, s); added = true; }
    if (!added) return false;
    this.samples = [...byTime.values()].sort((a, b) => a.time - b.time).slice(-this.capacity);
    return true;
  }

  clear() { this.samples = []; }
}

// Render timing the browser bench reads (scout-bench browser): three numbers, never a growing list.
// The bench resets them after each reading window.
const stats = (window.scoutRenderStats = { count: 0, totalMs: 0, maxMs: 0 });

export function timed(render) {
  return (...args) => {
    const start = performance.now();
    render(...args);
    const ms = performance.now() - start;
    stats.count++;
    stats.totalMs += ms;
    if (ms > stats.maxMs) stats.maxMs = ms;
  };
}

// A tiny canvas line for places with many charts (the servers list, the live wall), where a full
// uPlot per figure would cost more than it shows. Values are drawn from `min` (0 unless given) to `max` (or
// their own max); the wall labels each line with that scale.
export function drawSparkline(canvas, values, { min = 0, max = null, color = "#4ea1ff", lineWidth = 1.5 } = {}) {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.max(1, Math.round(canvas.clientWidth * ratio));
  const height = Math.max(1, Math.round(canvas.clientHeight * ratio));
  if (canvas.width !== width || canvas.height !== height) { canvas.width = width; canvas.height = height; }
  const g = canvas.getContext("2d");
  g.clearRect(0, 0, width, height);
  const finite = values.filter(v => v != null && Number.isFinite(v));
  if (finite.length < 2) return;
  const top = max ?? Math.max(1, ...finite);
  g.strokeStyle = color;
  g.lineWidth = lineWidth * ratio;
  g.beginPath();
  let drawing = false;
  values.forEach((v, i) => {
    if (v == null || !Number.isFinite(v)) { drawing = false; return; }
    const x = (i / Math.max(1, values.length - 1)) * width;
    const y = height - ((Math.min(Math.max(v, min), top) - min) / (top - min || 1)) * (height - 2) - 1;
    if (drawing) g.lineTo(x, y); else g.moveTo(x, y);
    drawing = true;
  });
  g.stroke();
}

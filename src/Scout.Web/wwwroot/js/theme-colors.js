// Colours the canvases need (axes, grid), read from the stylesheet's custom properties so one place
// defines each theme. Read once per theme change, not per draw.
let colors = null;

function read() {
  const style = getComputedStyle(document.documentElement);
  colors = {
    muted: style.getPropertyValue("--muted").trim(),
    line: style.getPropertyValue("--line").trim(),
    accent: style.getPropertyValue("--accent").trim(),
  };
}

export function themeColors() {
  if (!colors) read();
  return colors;
}

// listener(): called after the theme changed and the colours were read again.
export function onThemeChange(listener) {
  document.addEventListener("scout:theme", () => { read(); listener(); });
}

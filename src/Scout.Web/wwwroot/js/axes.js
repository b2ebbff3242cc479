// Axis options for the server page's uPlot charts: labels that never overlap or clip at any width.
// uPlot draws axis text on canvas, so nothing in CSS can keep labels apart; instead the tick spacing,
// the y axis's width and the right padding are computed from the measured width of the labels, and
// ticks fall on round values (binary multiples for bytes, whole seconds/minutes/hours for time).
import { themeColors } from "./theme-colors.js";

export const AXIS_FONT = "12px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
export const LABEL_FONT = "bold 12px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
const FONT_PX = 12;
const TICK = 10, GAP = 5;           // uPlot's default tick length and gap between tick and text
const X_MARGIN = 24;                // least free space between two time labels

const DAY_S = 86_400;
// Whole seconds, minutes, hours, days: a time tick never lands on 12:52:30.5.
const TIME_INCRS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, DAY_S, 2 * DAY_S, 7 * DAY_S];
// 1, 2, 4 … 512 of each binary unit: ticks read 256 MiB, 4 GiB, never 9.3 GiB.
const BINARY_INCRS = [];
for (let k = 0; k <= 5; k++) for (let m = 1; m <= 512; m *= 2) BINARY_INCRS.push(m * 1024 ** k);
const PERCENT_INCRS = [5, 10, 20, 25, 50];

const measurer = document.createElement("canvas").getContext("2d");
const widths = new Map();
export function textWidth(text, font = AXIS_FONT) {
  const key = font + "\u0000" + text;
  let w = widths.get(key);
  if (w === undefined) {
    if (widths.size > 2000) widths.clear();   // labels repeat; a long-lived page must not grow this
    measurer.font = font;
    w = measurer.measureText(text).width;
    widths.set(key, w);
  }
  return w;
}

// One format per axis, from the browser's locale: seconds only for spans of minutes, dates past a day.
const FORMATS = {
  seconds: new Intl.DateTimeFormat([], { hour: "2-digit", minute: "2-digit", second: "2-digit" }),
  minutes: new Intl.DateTimeFormat([], { hour: "2-digit", minute: "2-digit" }),
  days: new Intl.DateTimeFormat([], { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" }),
};
export function timeFormat(spanSeconds) {
  return spanSeconds > DAY_S ? FORMATS.days : spanSeconds <= 600 ? FORMATS.seconds : FORMATS.minutes;
}

// The widest label the x axis can show for a span in seconds (a wide sample time in that format).
// uPlot asks several times per redraw (tick spacing, right padding); formatting a date each time was
// a visible share of a live redraw, so each format's width is measured once.
const widestWidths = new Map();
function widestTimeLabel(span) {
  const format = timeFormat(span);
  let w = widestWidths.get(format);
  if (w === undefined) {
    w = textWidth(format.format(new Date(2026, 11, 28, 23, 58, 58)));
    widestWidths.set(format, w);
  }
  return w;
}
const xSpan = u => (u.scales.x.max ?? 0) - (u.scales.x.min ?? 0);

export function timeAxis() {
  return {
    font: AXIS_FONT, labelFont: LABEL_FONT, label: "local time",
    stroke: () => themeColors().muted, grid: { stroke: () => themeColors().line }, ticks: { stroke: () => themeColors().line },
    incrs: TIME_INCRS,
    // uPlot passes the span it is laying out; u.scales may still hold the previous one here.
    space: (u, axisIdx, min, max) => Math.ceil(widestTimeLabel(max - min)) + X_MARGIN,
    values: (u, splits) => {
      const f = timeFormat(xSpan(u));
      return splits.map(v => f.format(new Date(v * 1000)));
    },
  };
}

// A label centred on the last tick at the plot's right edge would be cut by the canvas: pad half of it.
export const rightPadding = u => Math.ceil(widestTimeLabel(xSpan(u)) / 2) + 4;

export function valueAxis(unit) {
  return {
    font: AXIS_FONT, labelFont: LABEL_FONT, label: unit.label,
    stroke: () => themeColors().muted, grid: { stroke: () => themeColors().line }, ticks: { stroke: () => themeColors().line },
    incrs: unit.incrs === "binary" ? BINARY_INCRS : unit.incrs === "percent" ? PERCENT_INCRS : undefined,
    values: (u, splits) => splits.map(v => unit.format(v)),
    // As wide as its widest label: "1000 KiB/s" is not cut, "0 %" leaves no gap.
    size: (u, values) => values ? Math.ceil(Math.max(0, ...values.map(v => textWidth(String(v))))) + TICK + GAP + 4 : 50,
  };
}

// Where uPlot put each axis label, in CSS px of the chart's canvas: for the browser specs that check
// no two labels overlap and none is cut. Computed on demand only, never while drawing.
export function axisLayout(u) {
  const left = u.bbox.left / devicePixelRatio, top = u.bbox.top / devicePixelRatio;
  const plotWidth = u.bbox.width / devicePixelRatio, plotHeight = u.bbox.height / devicePixelRatio;
  return {
    width: u.width, height: u.height, plot: { left, top, width: plotWidth, height: plotHeight },
    x: { min: u.scales.x.min, max: u.scales.x.max },
    axes: u.axes.map((axis, i) => {
      const key = axis.scale;
      const values = (axis._values ?? []).map((text, j) => {
        const pos = u.valToPos(axis._splits[j], key);
        const w = Math.max(...String(text).split("\n").map(t => textWidth(t)));
        return i === 0
          ? { text: String(text), x: left + pos - w / 2, y: top + plotHeight + TICK + GAP, width: w, height: FONT_PX }
          : { text: String(text), x: left - TICK - GAP - w, y: top + pos - FONT_PX / 2, width: w, height: FONT_PX };
      });
      return { size: axis._size, label: axis.label, labelWidth: textWidth(axis.label ?? "", LABEL_FONT), values };
    }),
  };
}

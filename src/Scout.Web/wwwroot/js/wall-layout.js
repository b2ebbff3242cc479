// The wall's grid, sized from the viewport and the number of tiles so the tiles fill the screen: a TV on a
// wall shows two servers as two halves and nine as a 3 × 3, not a row of small cards at the top. Columns
// are chosen for the largest tile of a readable shape (about 3:2: three stacked figures with their lines);
// past what fits, tiles keep a readable minimum height and the page scrolls.
const ASPECT = 1.5;               // width / height the tile's contents read best at
const MIN_HEIGHT_REM = 11;

export function fitWall(wall, count) {
  if (!count) { wall.style.gridTemplateColumns = ""; wall.style.gridAutoRows = ""; return; }
  const gap = parseFloat(getComputedStyle(wall).rowGap) || 0;
  const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  const width = wall.clientWidth;
  // Down to the bottom of the window, less the page's own bottom padding.
  const height = Math.max(0, window.innerHeight - wall.getBoundingClientRect().top - rem);
  let best = { columns: 1, rowHeight: 0, score: -1 };
  for (let columns = 1; columns <= count; columns++) {
    const rows = Math.ceil(count / columns);
    const tileWidth = (width - gap * (columns - 1)) / columns;
    const tileHeight = (height - gap * (rows - 1)) / rows;
    // The usable size: a tile too wide for its height (or too tall) wastes the difference.
    const score = Math.min(tileWidth, tileHeight * ASPECT);
    if (score > best.score) best = { columns, rowHeight: tileHeight, score };
  }
  wall.style.gridTemplateColumns = `repeat(${best.columns}, minmax(0, 1fr))`;
  wall.style.gridAutoRows = `${Math.floor(Math.max(best.rowHeight, MIN_HEIGHT_REM * rem))}px`;
}

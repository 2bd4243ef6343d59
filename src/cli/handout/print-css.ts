/**
 * Print rules for handouts: a figure, a code cell or an output is never cut across two pages
 * (Chromium still splits a block taller than a page, which is the only honest choice then).
 *
 * @example
 * import { PRINT_CSS } from "./print-css";
 * const style = `<style>${PRINT_CSS}</style>`;
 */
export const PRINT_CSS = `
.jp-OutputArea-output img { max-width: 100%; height: auto; }
/* paper cannot scroll: wrap long code and output lines instead of cutting them off */
.jp-InputArea-editor pre, .jp-OutputArea-output pre { white-space: pre-wrap; overflow-wrap: anywhere; }
@page { size: A4; margin: 14mm; }
@media print {
  /* the code of a cell and each output (a figure, a printed block) stay whole; a whole cell
     with several figures may not fit a page, so the cell itself may break between them */
  .jp-InputArea, .jp-OutputArea-child, .jp-OutputArea-output, img, svg, table {
    break-inside: avoid; page-break-inside: avoid;
  }
  h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  .jp-Notebook { padding: 0; }
}
`;

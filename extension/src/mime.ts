// The figure MIME type, taken from dlab's payload contract (src/payload.ts) so the two never drift.
// Only this tiny constants module of dlab is bundled, never the helper package itself.
export { FIGURE_MIME, FIGURE_KINDS } from "dlab/dist/payload";

// The figure kinds this renderer draws, listed by the payload's `kind`. Each kinds/<kind>.ts
// exports the kind's `validate` rule and its `traces` builder. Adding a kind: its type in
// src/payload.ts (and FIGURE_KINDS), its payload builder in src/figures/, its module here and one
// line in KINDS (the compiler asks for it).
import type { FigureKind, FigurePayload } from "dlab/dist/payload";
import type { FigureTheme } from "../figure-theme";
import type { KindResult } from "../plotly-helpers";
import type { FigureView } from "../view";
import * as activation from "./activation";
import * as confusion from "./confusion";
import * as curveFit from "./curve-fit";
import * as decisionBoundary from "./decision-boundary";
import * as history from "./history";
import * as imageGrid from "./image-grid";
import * as plotly from "./plotly";
import * as scatter from "./scatter";
import * as surface from "./surface";

/** Each payload type under its `kind`. */
type PayloadByKind = { [P in FigurePayload as P["kind"]]: P };

/**
 * What one kind module provides.
 * @example
 * KINDS.scatter.traces({ kind: "scatter", series: [] }, LIGHT_THEME).data; // []
 */
export interface Kind<K extends FigureKind> {
  /** Checks the kind's own fields of a raw payload; throws a PayloadError on the first problem. */
  validate(o: Record<string, unknown>): void;
  /** The kind's plotly traces, and layout fields that override the common ones; `view` is the controls' state. Pure. */
  traces(p: PayloadByKind[K], theme: FigureTheme, view?: FigureView): KindResult;
}

/**
 * Every figure kind, keyed by its payload `kind`.
 * @example
 * KINDS["image-grid"].validate({ kind: "image-grid", width: 1, height: 1, images: [] }); // passes
 */
export const KINDS: { readonly [K in FigureKind]: Kind<K> } = {
  history,
  "decision-boundary": decisionBoundary,
  surface,
  "curve-fit": curveFit,
  scatter,
  activation,
  confusion,
  "image-grid": imageGrid,
  plotly,
};

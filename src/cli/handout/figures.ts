/**
 * Give every dlab figure output a static `image/png`: keep the one JupyterLab's extension stored,
 * draw the others. After this, HTML and PDF show every figure even though nbconvert drops the
 * dlab MIME type.
 *
 * @example
 * import { figuresNeedingImages, addFigureImages } from "./figures";
 * if (figuresNeedingImages(nb).length > 0) nb = await addFigureImages(nb, renderer, "lab 1");
 */
import { FIGURE_MIME } from "../../payload";
import type { FigureRenderer } from "./figure-renderer";
import { FIGURE_SIZE } from "./figure-renderer";
import { Notebook, Output, cloneNotebook, describeCell } from "./notebook";

/** Where a figure output is: its cell index and the output object itself. */
export interface FigureOutput {
  cell: number;
  output: Output;
}

/** Every output that carries the dlab figure MIME type. */
export function figureOutputs(nb: Notebook): FigureOutput[] {
  const found: FigureOutput[] = [];
  nb.cells.forEach((cell, i) => {
    for (const output of cell.outputs ?? []) {
      if (output.data && output.data[FIGURE_MIME] !== undefined) found.push({ cell: i, output });
    }
  });
  return found;
}

/** Figure outputs without a usable stored PNG. */
export function figuresNeedingImages(nb: Notebook): FigureOutput[] {
  return figureOutputs(nb).filter(({ output }) => {
    const png = output.data?.["image/png"];
    return typeof png !== "string" && !Array.isArray(png);
  });
}

/** A copy of the notebook in which every figure output has an image/png. */
export async function addFigureImages(
  nb: Notebook,
  renderer: FigureRenderer,
  label: string,
): Promise<Notebook> {
  const copy = cloneNotebook(nb);
  for (const { cell, output } of figuresNeedingImages(copy)) {
    let png: Buffer;
    try {
      png = await renderer.render(output.data![FIGURE_MIME]);
    } catch (err) {
      throw new Error(
        `${label}: the figure in ${describeCell(copy.cells, cell)} cannot be drawn: ${(err as Error).message}`,
      );
    }
    output.data!["image/png"] = png.toString("base64");
    output.metadata = {
      ...(output.metadata ?? {}),
      "image/png": { width: FIGURE_SIZE.width, height: FIGURE_SIZE.height },
    };
  }
  return copy;
}

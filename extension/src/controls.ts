// The bar above a dlab figure in JupyterLab: log scale, smoothing and earlier runs for training
// histories, and downloads (PNG, SVG, CSV) for every figure. It is built once per output and only
// updated, so live figures do not flicker; viewers without the extension show the stored image.
import type { FigurePayload } from "dlab/dist/payload";
import type { FigureView } from "./view";

/** What a download button asks for. */
export type DownloadFormat = "png" | "svg" | "csv";

/**
 * Callbacks of a {@link FigureControls} bar.
 * @example
 * new FigureControls({ onChange: () => widget.redraw(), onDownload: (f) => widget.download(f) });
 */
export interface ControlsOptions {
  /** The view changed (a box ticked, the slider moved). */
  onChange: () => void;
  /** A download button was pressed. */
  onDownload: (format: DownloadFormat) => void;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, text = ""): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = cls;
  if (text) e.textContent = text;
  return e;
}

/**
 * The controls bar of one figure output; `view()` is what the figure is drawn with.
 * @example
 * const bar = new FigureControls(opts); node.append(bar.node); bar.update(payload); figureToPlotly(payload, theme, bar.view());
 */
export class FigureControls {
  /** The bar's element. */
  readonly node = el("div", "dlab-figure-controls");
  private readonly log = document.createElement("input");
  private readonly smooth = document.createElement("input");
  private readonly smoothValue = el("output", "dlab-figure-smoothing-value", "off");
  private readonly ghosts = document.createElement("input");
  private readonly ghostsText = el("span", "");
  private readonly history: HTMLElement[] = [];
  private readonly smoothBox: HTMLElement;
  private readonly ghostsBox: HTMLElement;
  /** Set by the person: these win over what the payload says. */
  private touched = { log: false, smooth: false };

  constructor(opts: ControlsOptions) {
    this.log.type = "checkbox";
    this.log.title = "Draw the loss axis on a log scale";
    this.smooth.type = "range";
    Object.assign(this.smooth, { min: "0", max: "0.99", step: "0.01", value: "0" });
    this.smooth.title = "Exponential moving average of the faint batch trace (as TensorBoard smooths)";
    this.ghosts.type = "checkbox";
    this.ghosts.checked = true;
    this.ghosts.title = "Show this cell's earlier runs as faint curves";
    const logBox = this.labelled("dlab-figure-log", this.log, "log loss axis");
    this.smoothBox = this.labelled("dlab-figure-smoothing", this.smooth, "smoothing");
    this.smoothBox.append(this.smoothValue);
    this.ghostsBox = this.labelled("dlab-figure-ghosts", this.ghosts, "");
    this.ghostsBox.append(this.ghostsText);
    this.history.push(logBox, this.smoothBox, this.ghostsBox);
    const downloads = el("span", "dlab-figure-downloads", "download");
    for (const f of ["png", "svg", "csv"] as const) {
      const b = el("button", `dlab-figure-download-${f}`, f.toUpperCase());
      b.type = "button";
      b.title =
        f === "csv" ? "Download the figure's data as CSV" : `Download the figure as ${f.toUpperCase()}`;
      b.addEventListener("click", () => opts.onDownload(f));
      downloads.append(b);
    }
    this.node.append(logBox, this.smoothBox, this.ghostsBox, downloads);
    this.log.addEventListener("change", () => {
      this.touched.log = true;
      opts.onChange();
    });
    this.smooth.addEventListener("input", () => {
      this.touched.smooth = true;
      this.showSmoothing();
      opts.onChange();
    });
    this.ghosts.addEventListener("change", () => opts.onChange());
  }

  private labelled(cls: string, input: HTMLInputElement, text: string): HTMLElement {
    const label = el("label", cls);
    label.append(input, document.createTextNode(text ? ` ${text} ` : " "));
    return label;
  }

  private showSmoothing(): void {
    const s = Number(this.smooth.value);
    this.smoothValue.textContent = s === 0 ? "off" : s.toFixed(2);
  }

  /** Show the controls this payload has use for; untouched ones follow what it says. */
  update(p: FigurePayload): void {
    const history = p.kind === "history";
    for (const e of this.history) e.hidden = !history;
    if (p.kind !== "history") return;
    this.smoothBox.hidden = !p.series.some((s) => s.step === "batch");
    const n = p.ghosts?.length ?? 0;
    this.ghostsBox.hidden = n === 0;
    this.ghostsText.textContent = ` earlier run${n === 1 ? "" : "s"} (${n})`;
    if (!this.touched.log) this.log.checked = p.logY === true;
    if (!this.touched.smooth) {
      this.smooth.value = String(p.smoothing ?? 0);
      this.showSmoothing();
    }
  }

  /** How the figure is to be drawn: the person's choices, else the payload's. */
  view(): FigureView {
    const v: FigureView = { ghosts: this.ghosts.checked };
    if (this.touched.log) v.logY = this.log.checked;
    if (this.touched.smooth) v.smoothing = Number(this.smooth.value);
    return v;
  }
}

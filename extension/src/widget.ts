// The MIME renderer widget: a thin edge around figureToPlotly. It calls Plotly.react on EVERY
// renderModel (JupyterLab re-uses the renderer for update_display_data), draws the newest payload
// when updates arrive faster than plotly draws, purges on dispose, and stores a PNG of the final
// (or idle) figure in the output so saved notebooks show plots without the extension. Above the
// plot, a controls bar (controls.ts) changes the view and downloads PNG, SVG and CSV.
import { Widget } from "@lumino/widgets";
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import type { FigurePayload } from "dlab/dist/payload";
import { FigureControls, type DownloadFormat } from "./controls";
import { figureCsv, fileName } from "./csv";
import { figureToPlotly, LIGHT_THEME, parsePayload, type FigureTheme, type PlotlySpec } from "./figure";
import { FIGURE_MIME } from "./mime";

/**
 * The few plotly.js functions the widget uses (injectable for tests).
 * @example
 * const api: PlotlyApi = (await import("plotly.js-dist-min")).default;
 */
export interface PlotlyApi {
  react(div: HTMLElement, data: unknown[], layout: unknown, config: unknown): Promise<unknown>;
  purge(div: HTMLElement): void;
  toImage(
    figure: { data: unknown[]; layout: unknown; config?: unknown },
    opts: { format: "png" | "svg"; width: number; height: number },
  ): Promise<string>;
  Plots: { resize(div: HTMLElement): unknown };
}

/**
 * Options of a {@link FigureWidget}.
 * @example
 * const opts: FigureWidgetOptions = { loadPlotly, theme: currentTheme, idleMs: 1000 };
 */
export interface FigureWidgetOptions {
  /** Loads plotly.js (lazily, on the first figure). */
  loadPlotly: () => Promise<PlotlyApi>;
  /** The current theme's colours. */
  theme: () => FigureTheme;
  /** Quiet time after the last update before a PNG of a still-changing figure is stored. Defaults to 1000 ms. */
  idleMs?: number;
}

/** Resolves at the next animation frame (or the next task where there are no frames, e.g. jsdom). */
function nextFrame(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestAnimationFrame === "function") requestAnimationFrame(() => resolve());
    else setTimeout(resolve, 0);
  });
}

/** Hand a URL to the browser as a file download. */
function save(url: string, name: string): void {
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.style.display = "none";
  document.body.append(a);
  a.click();
  a.remove();
}

/**
 * Height of a drawn figure in pixels; its width follows the output area.
 * @example
 * plotly.toImage(figure, { format: "png", width: 800, height: FIGURE_HEIGHT });
 */
export const FIGURE_HEIGHT = 420;

/**
 * Renders `application/vnd.dlab.figure.v1+json` outputs with plotly.js.
 * @example
 * const w = new FigureWidget({ mimeType: FIGURE_MIME, sanitizer, resolver: null, latexTypesetter: null, linkHandler: null }, { loadPlotly, theme: () => LIGHT_THEME });
 */
export class FigureWidget extends Widget implements IRenderMime.IRenderer {
  private readonly plotDiv = document.createElement("div");
  private readonly errorBox = document.createElement("div");
  private readonly controls: FigureControls;
  private readonly opts: FigureWidgetOptions;
  private payload: FigurePayload | undefined;
  private plotly: PlotlyApi | undefined;
  private drawn = false;
  private model: IRenderMime.IMimeModel | undefined;
  private next: { spec: PlotlySpec; final: boolean } | undefined;
  private drawing: Promise<void> | undefined;
  private pngTimer: ReturnType<typeof setTimeout> | undefined;
  private observer: ResizeObserver | undefined;
  private resizeQueued = false;
  /** Number of Plotly.react calls so far (tests and the browser check read it). */
  reacts = 0;

  constructor(_options: IRenderMime.IRendererOptions, opts: FigureWidgetOptions) {
    super();
    this.opts = opts;
    this.addClass("dlab-figure");
    this.plotDiv.className = "dlab-figure-plot";
    this.plotDiv.style.height = `${FIGURE_HEIGHT}px`;
    this.errorBox.className = "dlab-figure-error";
    this.errorBox.hidden = true;
    this.controls = new FigureControls({
      onChange: () => void this.redraw(),
      onDownload: (format) => void this.download(format),
    });
    this.controls.node.hidden = true;
    this.node.append(this.controls.node, this.plotDiv, this.errorBox);
    // Lumino does not always pass resize messages down to outputs (e.g. when a side panel opens),
    // so the figure also watches its own box; resizes are batched to one per frame.
    if (typeof ResizeObserver === "function") {
      this.observer = new ResizeObserver(() => {
        if (this.resizeQueued) return;
        this.resizeQueued = true;
        void nextFrame().then(() => {
          this.resizeQueued = false;
          this.onResize();
        });
      });
      this.observer.observe(this.node);
    }
  }

  /** Draws the model's payload (object or JSON text), or shows why it cannot. */
  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    this.model = model;
    let spec: PlotlySpec;
    let final = false;
    try {
      const p = parsePayload(model.data[FIGURE_MIME]);
      this.controls.update(p);
      spec = figureToPlotly(p, this.opts.theme(), this.controls.view());
      this.payload = p;
      final = spec.final;
    } catch (err) {
      return this.showError(err);
    }
    this.next = { spec, final };
    // Newest payload wins: one draw loop at a time, always picking up the latest spec.
    this.drawing ??= this.drawLoop().finally(() => (this.drawing = undefined));
    return this.drawing;
  }

  /** Redraws the current model, e.g. after a theme change. */
  redraw(): Promise<void> {
    return this.model ? this.renderModel(this.model) : Promise.resolve();
  }

  private async drawLoop(): Promise<void> {
    while (this.next) {
      // Draw at most once per frame: a burst of queued updates collapses into its newest payload,
      // and the page gets to paint and handle input between draws.
      await nextFrame();
      if (!this.next) break;
      const { spec, final } = this.next;
      this.next = undefined;
      try {
        this.plotly ??= await this.opts.loadPlotly();
        if (this.isDisposed) return;
        this.errorBox.hidden = true;
        this.plotDiv.hidden = false;
        this.controls.node.hidden = false;
        this.reacts++;
        // Visible to browser tests and to anyone inspecting the page: how often this figure was drawn.
        this.node.dataset.reacts = String(this.reacts);
        await this.plotly.react(this.plotDiv, spec.data, spec.layout, spec.config);
        this.drawn = true;
      } catch (err) {
        this.showError(err);
        continue;
      }
      this.schedulePng(final);
    }
  }

  /** Stores a PNG once the figure is final or has not changed for idleMs; never twice for one output. */
  private schedulePng(final: boolean): void {
    clearTimeout(this.pngTimer);
    const model = this.model;
    // An output that already holds a PNG is either stored by us (setData re-renders) or was saved
    // with one: storing again would only dirty the notebook.
    if (!model || model.data["image/png"] !== undefined) return;
    this.pngTimer = setTimeout(() => void this.storePng(model), final ? 0 : (this.opts.idleMs ?? 1000));
  }

  private async storePng(model: IRenderMime.IMimeModel): Promise<void> {
    if (!this.plotly || !this.drawn || this.isDisposed || model !== this.model || this.next) return;
    const width = Math.max(this.plotDiv.clientWidth, 600);
    try {
      // The stored image is always drawn in the light theme: it is for viewers and printed
      // handouts, whatever theme the author happens to use.
      const light = figureToPlotly(model.data[FIGURE_MIME], LIGHT_THEME);
      const figure = {
        data: light.data,
        layout: { ...light.layout, width, height: FIGURE_HEIGHT },
        config: light.config,
      };
      const url = await this.plotly.toImage(figure, { format: "png", width, height: FIGURE_HEIGHT });
      const comma = url.indexOf(",");
      if (this.isDisposed || model !== this.model || this.next || comma < 0) return;
      model.setData({ data: { ...model.data, "image/png": url.slice(comma + 1) } });
    } catch {
      // A figure that cannot be exported still shows live; the handout exporter draws its own image.
    }
  }

  /**
   * Save the figure as the person sees it (their view, in the light theme, as printed) as PNG or
   * SVG, or its data as CSV.
   */
  async download(format: DownloadFormat): Promise<void> {
    const p = this.payload;
    if (!p) return;
    const name = `${fileName(p)}.${format}`;
    if (format === "csv") {
      const url = URL.createObjectURL(new Blob([figureCsv(p)], { type: "text/csv" }));
      save(url, name);
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      return;
    }
    this.plotly ??= await this.opts.loadPlotly();
    const spec = figureToPlotly(p, LIGHT_THEME, this.controls.view());
    const width = Math.max(this.plotDiv.clientWidth, 600);
    const figure = {
      data: spec.data,
      layout: { ...spec.layout, width, height: FIGURE_HEIGHT },
      config: spec.config,
    };
    save(await this.plotly.toImage(figure, { format, width, height: FIGURE_HEIGHT }), name);
  }

  private showError(err: unknown): void {
    clearTimeout(this.pngTimer);
    this.controls.node.hidden = true;
    if (this.plotly && this.drawn) this.plotly.purge(this.plotDiv);
    this.drawn = false;
    this.plotDiv.hidden = true;
    this.errorBox.hidden = false;
    const title = document.createElement("strong");
    title.textContent = "This dlab figure cannot be drawn";
    const detail = document.createElement("pre");
    // textContent: the message quotes payload fields and must never become markup.
    detail.textContent = err instanceof Error ? err.message : String(err);
    this.errorBox.replaceChildren(title, detail);
  }

  protected override onResize(): void {
    if (this.isDisposed || !this.plotly || !this.drawn || this.plotDiv.clientWidth === 0) return;
    this.plotly.Plots.resize(this.plotDiv);
  }

  protected override onAfterShow(): void {
    this.onResize();
  }

  override dispose(): void {
    if (this.isDisposed) return;
    clearTimeout(this.pngTimer);
    this.observer?.disconnect();
    this.next = undefined;
    if (this.plotly && this.drawn) this.plotly.purge(this.plotDiv);
    super.dispose();
  }
}

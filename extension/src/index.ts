// The dlab JupyterLab extension: a renderer for dlab figures and a toolbar for dlab labs.
import type { JupyterFrontEnd, JupyterFrontEndPlugin } from "@jupyterlab/application";
import { ICommandPalette, IThemeManager } from "@jupyterlab/apputils";
import { INotebookTracker } from "@jupyterlab/notebook";
import { IRenderMimeRegistry } from "@jupyterlab/rendermime";
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { FigureWidget, type PlotlyApi } from "./widget";
import { currentTheme } from "./theme";
import { addLabToolbar } from "./toolbar";
import { FIGURE_MIME } from "./mime";
import { CLASS_VIEW_COMMAND, classView, labOf } from "./class-view";

/**
 * Rank of the figure renderer: ahead of image/png (90) so the live figure wins over its stored PNG.
 * @example
 * rendermime.addFactory(factory, FIGURE_RANK);
 */
export const FIGURE_RANK = 50;

/**
 * Loads plotly.js as its own chunk, the first time a figure is drawn.
 * @example
 * const Plotly = await loadPlotly();
 */
export function loadPlotly(): Promise<PlotlyApi> {
  return import("plotly.js-dist-min").then((m: any) => (m.default ?? m) as PlotlyApi);
}

const live = new Set<FigureWidget>();

const figures: JupyterFrontEndPlugin<void> = {
  id: "dlab-extension:figures",
  description: "Renders dlab figures (application/vnd.dlab.figure.v1+json) with plotly.js",
  autoStart: true,
  requires: [IRenderMimeRegistry],
  optional: [IThemeManager],
  activate: (_app: JupyterFrontEnd, rendermime: IRenderMimeRegistry, themes: IThemeManager | null) => {
    const factory: IRenderMime.IRendererFactory = {
      // Safe: payloads are validated and every string is escaped, so untrusted notebooks render too.
      safe: true,
      mimeTypes: [FIGURE_MIME],
      defaultRank: FIGURE_RANK,
      createRenderer: (options) => {
        const w = new FigureWidget(options, { loadPlotly, theme: currentTheme });
        live.add(w);
        w.disposed.connect(() => live.delete(w));
        return w;
      },
    };
    rendermime.addFactory(factory, FIGURE_RANK);
    // Figures follow the theme: redraw every live one when it changes.
    themes?.themeChanged.connect(() => {
      // The new theme's CSS variables apply on the next frame.
      requestAnimationFrame(() => live.forEach((w) => void w.redraw()));
    });
  },
};

const toolbar: JupyterFrontEndPlugin<void> = {
  id: "dlab-extension:toolbar",
  description: "Solutions toggle, reset and handout export for dlab labs",
  autoStart: true,
  requires: [INotebookTracker],
  activate: (_app: JupyterFrontEnd, tracker: INotebookTracker) => {
    tracker.widgetAdded.connect((_, panel) => void addLabToolbar(panel));
  },
};

const classViewPlugin: JupyterFrontEndPlugin<void> = {
  id: "dlab-extension:class-view",
  description: "The class view: who has passed which check of a lab",
  autoStart: true,
  requires: [INotebookTracker],
  optional: [ICommandPalette],
  activate: (app: JupyterFrontEnd, tracker: INotebookTracker, palette: ICommandPalette | null) => {
    app.commands.addCommand(CLASS_VIEW_COMMAND, {
      label: "dlab: Class view",
      caption: "Which student has passed which check of this lab (live)",
      execute: (args) => {
        const lab =
          (args.lab as string | undefined) ?? labOf(tracker.currentWidget?.context.path) ?? "01-perceptron";
        const id = `dlab-class-view-${lab}`;
        const open = [...app.shell.widgets("main")].find((w) => w.id === id);
        if (open) return app.shell.activateById(id);
        app.shell.add(classView(lab), "main");
      },
    });
    palette?.addItem({ command: CLASS_VIEW_COMMAND, category: "dlab" });
  },
};

export default [figures, toolbar, classViewPlugin];

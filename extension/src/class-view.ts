// The class view in JupyterLab: on a class hub, the hub's dlab-class service (every student of the
// room, for the lecturer only; a student is told so), else the server's own /dlab/class page (the
// one student this server belongs to). The page itself is served, and kept up to date, by the server.
import { IFrame, MainAreaWidget } from "@jupyterlab/apputils";
import { PageConfig, URLExt } from "@jupyterlab/coreutils";

/**
 * The command that opens the class view.
 * @example
 * app.commands.execute(CLASS_VIEW_COMMAND, { lab: "02-backprop" });
 */
export const CLASS_VIEW_COMMAND = "dlab:class-view";

/**
 * Where the class view of `lab` is served: the hub's service when this server runs under a hub.
 * @example
 * classViewUrl("01-perceptron"); // "/services/dlab-class/?lab=01-perceptron" on a hub
 */
export function classViewUrl(lab: string, hubPrefix = PageConfig.getOption("hubPrefix")): string {
  const query = `?lab=${encodeURIComponent(lab)}`;
  if (hubPrefix) {
    // hubPrefix is "<base>/hub/"; services live at "<base>/services/<name>/".
    const base = hubPrefix.replace(/hub\/?$/, "");
    return URLExt.join(base, "services", "dlab-class") + "/" + query;
  }
  return URLExt.join(PageConfig.getBaseUrl(), "dlab", "class") + query;
}

/**
 * A main-area panel showing the class view of `lab`.
 * @example
 * app.shell.add(classView("01-perceptron"), "main");
 */
export function classView(lab: string): MainAreaWidget<IFrame> {
  // Same origin (the page asks its API with the session's cookie), scripts on; nothing else.
  const frame = new IFrame({ sandbox: ["allow-scripts", "allow-same-origin"] });
  frame.url = classViewUrl(lab);
  const widget = new MainAreaWidget({ content: frame });
  widget.id = `dlab-class-view-${lab}`;
  widget.title.label = `Class view: ${lab}`;
  widget.title.closable = true;
  widget.addClass("dlab-class-view");
  return widget;
}

/**
 * The lab a notebook path names: its file name without .ipynb (01-perceptron for labs/01-perceptron.ipynb).
 * @example
 * labOf("labs/02-backprop.ipynb"); // "02-backprop"
 */
export function labOf(path: string | undefined): string | undefined {
  const m = /([^/]+)\.ipynb$/.exec(path ?? "");
  return m?.[1];
}

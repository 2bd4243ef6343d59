// The lab toolbar on dlab notebooks (labs under a checkout's notebooks/, or notebooks using the
// dlab kernel): show/hide solution cells, reset the lab to its committed version, export a
// handout. Buttons appear only when the server says the action is available: never a dead button.
import { Dialog, showDialog, showErrorMessage, ToolbarButton } from "@jupyterlab/apputils";
import { URLExt } from "@jupyterlab/coreutils";
import type { NotebookPanel } from "@jupyterlab/notebook";
import { ServerConnection } from "@jupyterlab/services";
import { Widget } from "@lumino/widgets";

/**
 * What the server extension says about a notebook (GET /dlab/lab).
 * @example
 * const info = await dlabRequest<LabInfo>("lab?path=notebooks%2F01-perceptron.ipynb");
 */
export interface LabInfo {
  /** The notebook lives under a git checkout's notebooks/ folder. */
  lab: boolean;
  /** Its committed version exists, so it can be reset. */
  shipped: boolean;
  /** The `dlab handout` exporter is built and can run. */
  handout: boolean;
}

/**
 * The cell tag that marks solution cells (as nbgrader does).
 * @example
 * cell.model.getMetadata("tags")?.includes(SOLUTION_TAG);
 */
export const SOLUTION_TAG = "solution";

/**
 * Calls a /dlab/* endpoint of the server extension; throws with the server's message.
 * @example
 * await dlabRequest("reset", { method: "POST", body: JSON.stringify({ path: "notebooks/01-perceptron.ipynb" }) });
 */
export async function dlabRequest<T>(endpoint: string, init: RequestInit = {}): Promise<T> {
  const settings = ServerConnection.makeSettings();
  const res = await ServerConnection.makeRequest(
    URLExt.join(settings.baseUrl, "dlab", endpoint),
    init,
    settings,
  );
  const text = await res.text();
  let body: any = {};
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = { message: text.slice(0, 300) };
  }
  if (!res.ok) throw new Error([body.message ?? `HTTP ${res.status}`, body.log].filter(Boolean).join("\n\n"));
  return body as T;
}

function isSolution(tags: unknown): boolean {
  return Array.isArray(tags) && tags.includes(SOLUTION_TAG);
}

/**
 * Hides or shows every cell tagged `solution` in a notebook; returns how many there are.
 * @example
 * setSolutionsHidden(panel, true);
 */
export function setSolutionsHidden(panel: NotebookPanel, hidden: boolean): number {
  let n = 0;
  for (const cell of panel.content.widgets) {
    if (!isSolution(cell.model.getMetadata("tags"))) continue;
    cell.setHidden(hidden);
    cell.toggleClass("dlab-solution-hidden", hidden);
    n++;
  }
  return n;
}

function solutionsButton(panel: NotebookPanel): ToolbarButton {
  let hidden = false;
  const button: ToolbarButton = new ToolbarButton({
    className: "dlab-toolbar-solutions",
    label: "Hide solutions",
    tooltip: "Show or hide the cells tagged “solution”",
    onClick: () => {
      hidden = !hidden;
      setSolutionsHidden(panel, hidden);
      // ToolbarButton re-renders from its props; a new label is set through its node's text.
      button.node.querySelector(".jp-ToolbarButtonComponent-label")!.textContent = hidden
        ? "Show solutions"
        : "Hide solutions";
    },
  });
  // Cells added or moved later follow the current choice.
  panel.content.model?.cells.changed.connect(() => hidden && setSolutionsHidden(panel, true));
  return button;
}

async function resetLab(panel: NotebookPanel): Promise<void> {
  const answer = await showDialog({
    title: "Reset this lab?",
    body: `${panel.context.path} goes back to the version shipped with dlab. Your changes and outputs in it are lost.`,
    buttons: [Dialog.cancelButton(), Dialog.warnButton({ label: "Reset" })],
  });
  if (!answer.button.accept) return;
  try {
    await dlabRequest("reset", { method: "POST", body: JSON.stringify({ path: panel.context.path }) });
    await panel.context.revert();
  } catch (err) {
    await showErrorMessage("The lab could not be reset", err as Error);
  }
}

/**
 * What POST /dlab/handout answers: the files written (paths from the server root) and the export's log.
 * @example
 * const res = await dlabRequest<HandoutResult>("handout", { method: "POST", body: JSON.stringify({ path, version: "student" }) });
 */
export interface HandoutResult {
  files: string[];
  /** Progress lines of `dlab handout`; says so when the notebook was saved without outputs. */
  log?: string;
}

/** The export's answer for a person: the files, then the log (the note on empty outputs, if any). */
function exportedBody(res: HandoutResult): Widget {
  const node = document.createElement("div");
  node.style.whiteSpace = "pre-wrap";
  // textContent: file names and the log are shown as text, never as markup
  node.textContent = [`Written: ${res.files.join(", ") || "(no files)"}`, res.log?.trim()]
    .filter(Boolean)
    .join("\n\n");
  return new Widget({ node });
}

async function exportHandout(panel: NotebookPanel): Promise<void> {
  const answer = await showDialog({
    title: "Export a handout",
    body:
      "HTML and PDF, with every figure as an image. The student version replaces solution cells by their exercise stubs. " +
      "The notebook is exported with the outputs it was saved with: the export never runs it.",
    buttons: [
      Dialog.cancelButton(),
      Dialog.okButton({ label: "Instructor" }),
      Dialog.okButton({ label: "Student" }),
    ],
  });
  if (!answer.button.accept) return;
  const version = answer.button.label === "Instructor" ? "instructor" : "student";
  try {
    if (panel.context.model.dirty) await panel.context.save();
    const res = await dlabRequest<HandoutResult>("handout", {
      method: "POST",
      body: JSON.stringify({ path: panel.context.path, version }),
    });
    await showDialog({ title: "Handout exported", body: exportedBody(res), buttons: [Dialog.okButton()] });
  } catch (err) {
    await showErrorMessage("The handout could not be exported", err as Error);
  }
}

/**
 * What POST /dlab/submit answers: the lab handed in and when (UTC, ISO 8601).
 * @example
 * const res = await dlabRequest<SubmitResult>("submit", { method: "POST", body: JSON.stringify({ path }) });
 */
export interface SubmitResult {
  lab: string;
  time: string;
}

async function submitLab(panel: NotebookPanel): Promise<void> {
  const answer = await showDialog({
    title: "Hand in this lab?",
    body: `A copy of ${panel.context.path} as it is now is handed in, with the time. You can keep working and hand in again: the last copy counts.`,
    buttons: [Dialog.cancelButton(), Dialog.okButton({ label: "Hand in" })],
  });
  if (!answer.button.accept) return;
  try {
    await panel.context.save();
    const res = await dlabRequest<SubmitResult>("submit", {
      method: "POST",
      body: JSON.stringify({ path: panel.context.path }),
    });
    await showDialog({
      title: "Handed in",
      body: `${res.lab}, handed in at ${new Date(res.time).toLocaleString()}.`,
      buttons: [Dialog.okButton()],
    });
  } catch (err) {
    await showErrorMessage("The lab could not be handed in", err as Error);
  }
}

/**
 * Adds the dlab buttons to a notebook's toolbar when it is a dlab lab.
 * @example
 * tracker.widgetAdded.connect((_, panel) => void addLabToolbar(panel));
 */
export async function addLabToolbar(panel: NotebookPanel): Promise<void> {
  await panel.context.ready;
  const kernel = (panel.context.model.getMetadata("kernelspec") as { name?: string } | undefined)?.name;
  let info: LabInfo = { lab: false, shipped: false, handout: false };
  try {
    info = await dlabRequest<LabInfo>(`lab?path=${encodeURIComponent(panel.context.path)}`);
  } catch {
    // Without the server extension only the purely client-side solutions toggle can work.
  }
  if (!info.lab && kernel !== "dlab") return;
  if (panel.isDisposed) return;
  // Keep the dlab buttons together, after the cell-type picker (before the toolbar's spacer).
  let after = "cellType";
  const place = (name: string, widget: ToolbarButton) => {
    if (!panel.toolbar.insertAfter(after, name, widget)) panel.toolbar.addItem(name, widget);
    after = name;
  };
  place("dlab-solutions", solutionsButton(panel));
  if (info.shipped) {
    const reset = new ToolbarButton({
      className: "dlab-toolbar-reset",
      label: "Reset lab",
      onClick: () => void resetLab(panel),
      tooltip: "Restore the lab as shipped",
    });
    place("dlab-reset", reset);
  }
  place(
    "dlab-submit",
    new ToolbarButton({
      className: "dlab-toolbar-submit",
      label: "Submit",
      onClick: () => void submitLab(panel),
      tooltip: "Hand in this lab as it is now (the time is recorded)",
    }),
  );
  if (info.handout) {
    const handout = new ToolbarButton({
      className: "dlab-toolbar-handout",
      label: "Export handout",
      onClick: () => void exportHandout(panel),
      tooltip: "HTML and PDF handout (student or instructor)",
    });
    place("dlab-handout", handout);
  }
}

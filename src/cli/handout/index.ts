/**
 * Handout export, for the `dlab` command and the extension's "export handout" button.
 * Node-only tooling: not part of the notebook API in `src/index.ts`.
 *
 * @example
 * import { exportHandouts } from "dlab/dist/cli/handout";
 * const files = await exportHandouts({ notebooks: ["notebooks/01-perceptron.ipynb"], version: "student", to: ["html", "pdf"], out: "handouts" });
 */
export { exportHandouts } from "./export";
export type { ExportOptions } from "./export";
export { writeStudentNotebooks } from "./student-notebooks";
export type { StudentOptions } from "./student-notebooks";
export { toStudent, SOLUTION_TAG, STUB_TAGS, CHECK_TAG, PLACEHOLDER } from "./student";
export { handoutMain, HANDOUT_USAGE, STUDENT_USAGE, IMAGES_USAGE } from "./cli";
export { addNotebookImages, NOTEBOOK_FIGURE_SIZE } from "./images";
export type { ImagesOptions, ImagesReport } from "./images";
export type { Version, Format } from "./args";

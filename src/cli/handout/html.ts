/**
 * Notebook → self-contained HTML through nbconvert (lab template) from `.venv`, with nothing in
 * the page that can run script: untrusted parts are removed before nbconvert, nbconvert sanitises
 * HTML and Markdown, the handout template ships no <script> at all, remote pictures and script
 * links are taken out, and the result is refused if anything that runs script or loads a resource
 * got through anyway (html-safety.ts).
 *
 * @example
 * import { notebookToHtml } from "./html";
 * const html = await notebookToHtml(nb, { workDir: "/tmp/x", stem: "01-perceptron" });
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Notebook, notebookJson } from "./notebook";
import { safeNotebook } from "./safe-notebook";
import { typesetMath } from "./math";
import { assertSafeHtml, cleanHandoutHtml } from "./html-safety";
import { PRINT_CSS } from "./print-css";
import { run, venvBin } from "./tools";

// The handout template: JupyterLab's look, none of its scripts (require.js, MathJax and mermaid
// all come from a CDN, which a printed handout cannot use and a reader should not run).
const TEMPLATE = `{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}<style type="text/css">${PRINT_CSS}</style>{%- endblock extra_css -%}
`;

// bleach's own allow-list is too small for lecture Markdown (no headings, paragraphs, tables,
// images); this one is still free of anything that runs script (no script/style/iframe/svg, no
// event attributes; links and images only over http(s)/mailto/data, as bleach checks them).
const ALLOWED_TAGS = [
  "a",
  "abbr",
  "b",
  "blockquote",
  "br",
  "code",
  "del",
  "details",
  "div",
  "em",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "hr",
  "i",
  "img",
  "kbd",
  "li",
  "ol",
  "p",
  "pre",
  "s",
  "span",
  "strong",
  "sub",
  "summary",
  "sup",
  "table",
  "tbody",
  "td",
  "tfoot",
  "th",
  "thead",
  "tr",
  "u",
  "ul",
];
const ALLOWED_ATTRIBUTES = {
  "*": ["class", "title", "align"],
  a: ["href", "title"],
  img: ["src", "alt", "width", "height"],
  td: ["colspan", "rowspan"],
  th: ["colspan", "rowspan"],
};

/** Write the nbconvert config that runs nbconvert's own SanitizeHTML preprocessor; returns its path. */
function writeSanitizerConfig(workDir: string): string {
  const file = path.join(workDir, "nbconvert_config.json");
  const config = {
    HTMLExporter: { preprocessors: ["nbconvert.preprocessors.sanitize.SanitizeHTML"] },
    SanitizeHTML: { tags: ALLOWED_TAGS, attributes: ALLOWED_ATTRIBUTES, strip: true },
  };
  fs.writeFileSync(file, JSON.stringify(config));
  return file;
}

/** Options of {@link notebookToHtml}. */
export interface HtmlOptions {
  /** Scratch folder (the template and intermediate files go here). */
  workDir: string;
  /** Safe file stem; also the page title. */
  stem: string;
}

/** Render the notebook to one HTML string (figures must already carry image/png). */
export async function notebookToHtml(nb: Notebook, opts: HtmlOptions): Promise<string> {
  const templates = path.join(opts.workDir, "templates");
  fs.mkdirSync(path.join(templates, "dlab-handout"), { recursive: true });
  fs.writeFileSync(path.join(templates, "dlab-handout", "index.html.j2"), TEMPLATE);
  fs.writeFileSync(
    path.join(templates, "dlab-handout", "conf.json"),
    JSON.stringify({ base_template: "lab", mimetypes: { "text/html": true } }),
  );
  const input = path.join(opts.workDir, `${opts.stem}.ipynb`);
  fs.writeFileSync(input, notebookJson(safeNotebook(nb, opts.stem)));
  const args = [
    "nbconvert",
    "--to",
    "html",
    "--template",
    "dlab-handout",
    `--TemplateExporter.extra_template_basedirs=${templates}`,
    `--config=${writeSanitizerConfig(opts.workDir)}`,
    "--output-dir",
    opts.workDir,
    "--output",
    opts.stem,
    input,
  ];
  const res = await run(venvBin("jupyter"), args, { cwd: opts.workDir });
  const file = path.join(opts.workDir, `${opts.stem}.html`);
  if (res.code !== 0 || !fs.existsSync(file))
    throw new Error(`${opts.stem}: nbconvert failed:\n${res.stderr.slice(-1500)}`);
  // Markdown links and images are made by nbconvert's Markdown renderer after sanitising, and the
  // math by MathJax after that: the page is cleaned and checked as a whole, as a parser reads it.
  const html = cleanHandoutHtml(typesetMath(fs.readFileSync(file, "utf8")));
  assertSafeHtml(html, opts.stem);
  return html;
}

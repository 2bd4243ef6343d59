/**
 * Typeset the TeX in handout HTML ahead of time with MathJax (npm `mathjax-full`, run in Node),
 * so formulas show in the HTML and the PDF without any script in the page and without a CDN.
 * Math is looked for in Markdown only: code, outputs and <pre> are left alone.
 *
 * The TeX comes from notebooks people download, so nothing in it may set an HTML attribute:
 * packages that add links, styles, classes, ids, actions or resources are left out, `\mmlToken`
 * (base TeX's way to set any MathML attribute) is refused where an author writes it, and every
 * attribute value the typesetter writes is escaped.
 *
 * @example
 * import { typesetMath } from "./math";
 * const html = typesetMath('<div class="jp-RenderedMarkdown"><p>$w^2$</p></div>');
 */
import { mathjax } from "mathjax-full/js/mathjax.js";
import { TeX } from "mathjax-full/js/input/tex.js";
import { SVG } from "mathjax-full/js/output/svg.js";
import { liteAdaptor } from "mathjax-full/js/adaptors/liteAdaptor.js";
import { LiteParser } from "mathjax-full/js/adaptors/lite/Parser.js";
import { RegisterHTMLHandler } from "mathjax-full/js/handlers/html.js";
import { AllPackages } from "mathjax-full/js/input/tex/AllPackages.js";
import { Configuration } from "mathjax-full/js/input/tex/Configuration.js";
import { CommandMap } from "mathjax-full/js/input/tex/SymbolMap.js";
import TexError from "mathjax-full/js/input/tex/TexError.js";
import BaseMethods from "mathjax-full/js/input/tex/base/BaseMethods.js";
import type TexParser from "mathjax-full/js/input/tex/TexParser.js";
import type { ParseMethod } from "mathjax-full/js/input/tex/Types.js";

/** Attribute values written with every character that could end or open markup escaped. */
class EscapingParser extends LiteParser {
  override protectAttribute(text: string): string {
    return String(text)
      .replace(/&/g, "&amp;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&#39;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;");
  }
}

const adaptor = liteAdaptor();
// the lite adaptor's own parser escapes only `"` in attributes (and not `&`)
adaptor.parser = new EscapingParser();
RegisterHTMLHandler(adaptor);

/**
 * Packages left out: they set links, styles, classes or ids (html, enclose, bbox, unicode),
 * add actions (action), change the typesetter's options (setoptions) or load code (require, autoload).
 */
const UNSAFE_PACKAGES = new Set([
  "require",
  "autoload",
  "html",
  "action",
  "bbox",
  "enclose",
  "unicode",
  "setoptions",
  "texhtml",
]);

/** Macros an author may not write in a handout's TeX; each sets HTML attributes of its choosing. */
export const FORBIDDEN_MACROS = [
  "mmlToken",
  "href",
  "class",
  "cssId",
  "style",
  "data",
  "unicode",
  "setOptions",
];
const FORBIDDEN_SOURCE = new RegExp(`\\\\(${FORBIDDEN_MACROS.join("|")})(?![a-zA-Z])`);

/** The only attributes TeX's own macros give `\mmlToken` (\bmod's spacing), with plain values. */
const TOKEN_ATTRIBUTES = /^\s*((lspace|rspace)\s*=\s*"[a-z]*mathspace"\s*)*$/;

/** `\mmlToken` as the built-in macros use it (\bmod, \varliminf, mathtools): spacing only. */
function RestrictedMmlToken(parser: TexParser, name: string): void {
  const start = parser.i;
  parser.GetArgument(name);
  const attributes = parser.GetBrackets(name, "");
  if (!TOKEN_ATTRIBUTES.test(attributes))
    throw new TexError("DlabForbidden", "%1 may not set attributes in a handout", name);
  parser.i = start;
  BaseMethods.MmlToken(parser, name);
}

new CommandMap(
  "dlab-handout-macros",
  { mmlToken: "RestrictedMmlToken" },
  // a macro's parse method gets its name as a string (ParseMethod also covers characters)
  { RestrictedMmlToken } as unknown as Record<string, ParseMethod>,
);
// priority 1: looked up before base (5) and the other packages; user \newcommand (-1) still wins,
// but its definitions expand back into these
Configuration.create("dlab-handout", { handler: { macro: ["dlab-handout-macros"] }, priority: 1 });

/** The TeX input: safe packages only, the author's forbidden macros refused before parsing. */
function texInput(): TeX<unknown, unknown, unknown> {
  const tex = new TeX({
    packages: [...AllPackages.filter((p: string) => !UNSAFE_PACKAGES.has(p)), "dlab-handout"],
    // the delimiters JupyterLab uses in Markdown
    inlineMath: [
      ["$", "$"],
      ["\\(", "\\)"],
    ],
    displayMath: [
      ["$$", "$$"],
      ["\\[", "\\]"],
    ],
    processEscapes: true,
  });
  tex.preFilters.add(({ math }: { math: { math: string } }) => {
    const found = FORBIDDEN_SOURCE.exec(math.math);
    // the formula is replaced by a note, in red where the formula was
    if (found)
      math.math = `\\color{red}{\\mathtt{\\backslash ${found[1]}}\\text{ is not allowed in a handout}}`;
  });
  return tex;
}

/** The page's HTML with every `$…$`, `$$…$$`, `\(…\)` and `\[…\]` in Markdown drawn as inline SVG. */
export function typesetMath(html: string): string {
  if (!/\$|\\\(|\\\[/.test(html)) return html;
  const doc = mathjax.document(html, {
    InputJax: texInput(),
    OutputJax: new SVG({ fontCache: "global" }),
    // only Markdown: a "$" in code or in printed output is not math (ignoring is inherited by
    // descendants, and the Markdown inside a cell opts back in)
    ignoreHtmlClass: "jp-Cell",
    processHtmlClass: "jp-RenderedMarkdown",
  });
  doc.render();
  // MathJax's own CSS for its SVG output, so spacing and alignment match the notebook
  const css = adaptor.textContent(doc.outputJax.styleSheet(doc) as never);
  const head = adaptor.head(doc.document);
  const style = adaptor.node("style", { id: "dlab-mathjax" }, [adaptor.text(css)]);
  adaptor.append(head, style);
  return adaptor.doctype(doc.document) + "\n" + adaptor.outerHTML(adaptor.root(doc.document));
}

/**
 * Typeset the TeX in handout HTML ahead of time with MathJax (npm `mathjax-full`, run in Node),
 * so formulas show in the HTML and the PDF without any script in the page and without a CDN.
 * Math is looked for in Markdown only: code, outputs and <pre> are left alone.
 *
 * @example
 * import { typesetMath } from "./math";
 * const html = typesetMath('<div class="jp-RenderedMarkdown"><p>$w^2$</p></div>');
 */
import { mathjax } from "mathjax-full/js/mathjax.js";
import { TeX } from "mathjax-full/js/input/tex.js";
import { SVG } from "mathjax-full/js/output/svg.js";
import { liteAdaptor } from "mathjax-full/js/adaptors/liteAdaptor.js";
import { RegisterHTMLHandler } from "mathjax-full/js/handlers/html.js";
import { AllPackages } from "mathjax-full/js/input/tex/AllPackages.js";

const adaptor = liteAdaptor();
RegisterHTMLHandler(adaptor);

/** Packages left out: they could pull resources or add links/actions to the output. */
const UNSAFE_PACKAGES = new Set(["require", "autoload", "html", "action", "bbox"]);

/** The page's HTML with every `$…$`, `$$…$$`, `\(…\)` and `\[…\]` in Markdown drawn as inline SVG. */
export function typesetMath(html: string): string {
  if (!/\$|\\\(|\\\[/.test(html)) return html;
  const doc = mathjax.document(html, {
    InputJax: new TeX({
      packages: AllPackages.filter((p: string) => !UNSAFE_PACKAGES.has(p)),
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
    }),
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

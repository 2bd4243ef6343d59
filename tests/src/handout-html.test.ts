// The HTML safety helpers (checked by reading pages with a real HTML parser), math typesetting and
// figure bookkeeping, without running nbconvert or Chromium.
import { describe, expect, it } from "vitest";
import * as path from "node:path";
import { JSDOM } from "jsdom";
import { assertSafeHtml, cleanHandoutHtml } from "../../src/cli/handout/html-safety";
import { typesetMath } from "../../src/cli/handout/math";
import { safeNotebook } from "../../src/cli/handout/safe-notebook";
import { figureOutputs, figuresNeedingImages } from "../../src/cli/handout/figures";
import { readNotebook } from "../../src/cli/handout/notebook";

const FIXTURES = path.join(__dirname, "..", "fixtures", "handout");

describe("cleanHandoutHtml", () => {
  const body = (html: string) => /<body>(.*)<\/body>/s.exec(cleanHandoutHtml(html))![1];

  it("keeps http(s), mailto, fragments and relative links", () => {
    for (const href of [
      "https://a.org/x",
      "http://a",
      "mailto:a@b.c",
      "#sec",
      "other.html",
      "img/a.png?x=1#y",
    ]) {
      expect(body(`<a href="${href}">x</a>`)).toBe(`<a href="${href}">x</a>`);
    }
  });

  it("points script links at # however they are spelled", () => {
    for (const href of [
      "javascript:alert(1)",
      " JaVaScRiPt:alert(1)",
      "&#106;avascript:alert(1)",
      "java\tscript:x",
      "vbscript:x",
      "data:text/html,<script>x</script>",
    ]) {
      expect(body(`<a href="${href}">x</a>`)).toBe('<a href="#">x</a>');
      expect(body(`<a href='${href}'>x</a>`)).toBe('<a href="#">x</a>');
    }
  });

  it("replaces every picture that is not embedded data by a note naming it; embedded ones stay", () => {
    const png = "data:image/png;base64,iVBORw0KGgo=";
    expect(body(`<p><img src="${png}" alt="a"></p>`)).toBe(`<p><img src="${png}" alt="a"></p>`);
    for (const src of ["https://example.org/t.png", "//example.org/t.png", "pic.png", "x", ""]) {
      const out = body(`<p><img src="${src}" alt="a"></p>`);
      expect(out).not.toContain("<img");
      expect(out).toContain('<span class="dlab-removed-image">[image not included');
      expect(out).toContain(src);
    }
  });
});

describe("assertSafeHtml", () => {
  it("refuses script-like elements, event handlers, unsafe styles and sources, as a parser reads them", () => {
    for (const bad of [
      "<script>x</script>",
      "<SCRIPT src=a>",
      "<iframe src=x>",
      "<object>",
      "<embed>",
      '<link rel="stylesheet" href="https://a.org/x.css">',
      '<meta http-equiv="refresh" content="0;url=https://a.org">',
      '<a href="javascript:x">a</a>',
      '<p onclick="x">a</p>',
      "<p\nONmouseover=x>a</p>",
      '<svg><g onfocus="x"></g></svg>',
      '<svg><a href="x" autofocus onfocus="window.__x=1"></a></svg>',
      '<span style="animation-name: fadeIn; animation-duration: 1ms">a</span>',
      '<span style="background: url(https://a.org/t.png)">a</span>',
      '<span style="width: expression(alert(1))">a</span>',
      '<svg><g fill="url(https://a.org/p.svg#x)"></g></svg>',
      '<img src="https://a.org/t.png">',
      '<img src="data:text/html,x">',
      '<img srcset="https://a.org/t.png 2x" src="data:image/png;base64,AA==">',
      '<svg><use href="https://a.org/s.svg#x"></use></svg>',
      '<svg><animate attributeName="href" to="javascript:x"></animate></svg>',
      "<style>@import 'https://a.org/x.css';</style>",
      "<style>p { background: url(https://a.org/t.png) }</style>",
    ]) {
      expect(() => assertSafeHtml(`<html><body>${bad}</body></html>`, "t"), bad).toThrow(
        /^t: the HTML still has .* after sanitising; refusing to write it$/,
      );
    }
  });

  it("accepts escaped text, embedded pictures, MathJax's SVG and the template's data: CSS", () => {
    for (const good of [
      "<p>&lt;script&gt;x&lt;/script&gt; onclick=&quot;x&quot;</p>",
      '<img src="data:image/png;base64,iVBORw0KGgo=" alt="a">',
      '<svg style="vertical-align: -0.05ex;"><use xlink:href="#MJX-1"></use><g fill="red&quot; onfocus=&quot;x"></g></svg>',
      "<style>.x { background-image: url(data:image/svg+xml;base64,AA==); animation: spin 1s }</style>",
      '<a href="https://a.org">a</a>',
    ]) {
      expect(() => assertSafeHtml(`<html><body>${good}</body></html>`, "t"), good).not.toThrow();
    }
  });
});

describe("typesetMath", () => {
  const page = (tex: string) =>
    `<html><head></head><body><div class="jp-RenderedMarkdown"><p>${tex}</p></div></body></html>`;
  /** Every attribute of every element, as jsdom (a real HTML parser) reads the page. */
  const attributes = (html: string) =>
    [...new JSDOM(html).window.document.querySelectorAll("*")].flatMap((el) =>
      [...el.attributes].map((a) => ({ tag: el.tagName, name: a.name, value: a.value })),
    );

  it("draws TeX as SVG, \\bmod and \\varliminf (which use \\mmlToken inside) included", () => {
    const html = typesetMath(page("$w^2$ $a \\bmod b$ $\\pmod{3}$ $\\varliminf x$"));
    expect(html.match(/<mjx-container/g)).toHaveLength(4);
    expect(html).not.toContain("data-mjx-error");
  });

  it("refuses \\mmlToken and the attribute macros where an author writes them, and says so", () => {
    const html = typesetMath(
      page(
        `$\\mmlToken{mi}[href='x" autofocus onfocus="window.__x=1']{F}$ $\\mmlToken{mi}{x}$ $\\href{javascript:x}{y}$ $\\style{color:red}{z}$`,
      ),
    );
    const attrs = attributes(html);
    expect(attrs.filter((a) => /^on/i.test(a.name) || a.name === "autofocus" || a.name === "href")).toEqual(
      [],
    );
    expect(html.match(/<mjx-container/g)).toHaveLength(4);
    // the note is drawn as SVG glyphs; its red colour is the sign that the formula was replaced
    expect(attrs.filter((a) => a.name === "fill" && a.value === "red").length).toBeGreaterThanOrEqual(4);
  });

  it("refuses attributes that a macro built from pieces would give \\mmlToken", () => {
    // \\newcommand pastes "\\mml" and "Token" together only if MathJax forgets its separating space
    const html = typesetMath(page(`$\\newcommand{\\a}[1]{\\mml#1}\\a{Token}[href="x"]{y}$`));
    expect(attributes(html).filter((a) => a.name === "href")).toEqual([]);
  });

  it("escapes every attribute value it writes: a quote in a colour stays inside the value", () => {
    const html = typesetMath(page(`$\\color{red" onfocus="window.__x=1" autofocus="}{C}$`));
    const attrs = attributes(html);
    expect(attrs.filter((a) => /^on/i.test(a.name) || a.name === "autofocus")).toEqual([]);
    expect(attrs.some((a) => a.name === "fill" && a.value.includes('" onfocus="'))).toBe(true);
    expect(() => assertSafeHtml(html, "t")).not.toThrow();
  });
});

describe("safeNotebook", () => {
  const nb = safeNotebook(readNotebook(path.join(FIXTURES, "hostile.ipynb")), "hostile-student");
  const outputs = nb.cells.flatMap((c) => c.outputs ?? []);

  it("takes the title from the file name and drops every other notebook metadata", () => {
    expect(nb.metadata).toEqual({ title: "hostile-student", language_info: { name: "typescript" } });
  });

  it("drops raw cells, renumbers cell ids and reduces tags to safe characters", () => {
    expect(nb.cells.some((c) => c.cell_type === "raw")).toBe(false);
    expect(nb.cells.map((c) => c.id)).toEqual(nb.cells.map((_, i) => `cell-${i}`));
    const tags = nb.cells.flatMap((c) => (c.metadata.tags as string[] | undefined) ?? []);
    expect(tags.length).toBeGreaterThan(0);
    for (const tag of tags) expect(tag).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it("keeps only showable MIME types, images only as base64, sizes only as numbers", () => {
    const mimes = new Set(outputs.flatMap((o) => Object.keys(o.data ?? {})));
    expect([...mimes].sort()).toEqual(["image/png", "text/html", "text/markdown", "text/plain"]);
    for (const o of outputs) {
      if (o.data?.["image/png"] !== undefined) expect(o.data["image/png"]).toMatch(/^[A-Za-z0-9+/=]+$/);
      for (const meta of Object.values(o.metadata ?? {})) {
        for (const v of Object.values(meta as object)) expect(typeof v).toBe("number");
      }
    }
    expect(JSON.stringify(nb)).not.toContain('onerror=\\"window.__pwned=1\\" x=');
  });

  it("rebuilds stream and error outputs with a fixed stream name and text fields", () => {
    const stream = outputs.find((o) => o.output_type === "stream")!;
    expect(stream.name).toBe("stdout");
    const cell = nb.cells.find((c) => c.cell_type === "code")!;
    expect(cell.execution_count).toBeNull();
  });
});

describe("figure bookkeeping", () => {
  it("finds the lab fixture's three figures, two of them without a stored PNG", () => {
    const lab = readNotebook(path.join(FIXTURES, "lab.ipynb"));
    expect(figureOutputs(lab).map((f) => f.cell)).toEqual([8, 9, 10]);
    expect(figuresNeedingImages(lab).map((f) => f.cell)).toEqual([8, 9]);
  });
});

// The HTML safety helpers and figure bookkeeping, without running nbconvert or Chromium.
import { describe, expect, it } from "vitest";
import * as path from "node:path";
import { assertNoScript, forHtml, neutraliseLinks } from "../../src/handout/html";
import { figureOutputs, figuresNeedingImages } from "../../src/handout/figures";
import { readNotebook } from "../../src/handout/notebook";

const FIXTURES = path.join(__dirname, "..", "fixtures", "handout");

describe("neutraliseLinks", () => {
  it("keeps http(s), mailto, fragments and relative links", () => {
    for (const href of [
      "https://a.org/x",
      "http://a",
      "mailto:a@b.c",
      "#sec",
      "other.html",
      "img/a.png?x=1#y",
    ]) {
      expect(neutraliseLinks(`<a href="${href}">x</a>`)).toBe(`<a href="${href}">x</a>`);
    }
  });

  it("replaces script schemes however they are spelled", () => {
    for (const href of [
      "javascript:alert(1)",
      " JaVaScRiPt:alert(1)",
      "&#106;avascript:alert(1)",
      "java\tscript:x",
      "vbscript:x",
      "data:text/html,<script>x</script>",
    ]) {
      expect(neutraliseLinks(`<a href="${href}">x</a>`)).toBe('<a href="#">x</a>');
      expect(neutraliseLinks(`<a href='${href}'>x</a>`)).toBe('<a href="#">x</a>');
    }
  });
});

describe("assertNoScript", () => {
  it("refuses script, frames, objects and script links, and accepts escaped text", () => {
    for (const bad of [
      "<script>x</script>",
      "<SCRIPT src=a>",
      "<iframe src=x>",
      "<object>",
      "<embed>",
      '<a href="javascript:x">',
    ]) {
      expect(() => assertNoScript(`<p>${bad}</p>`, "t")).toThrow(/t: the HTML still contains/);
    }
    expect(() => assertNoScript("<p>&lt;script&gt;x&lt;/script&gt;</p>", "t")).not.toThrow();
  });
});

describe("forHtml", () => {
  const nb = forHtml(readNotebook(path.join(FIXTURES, "hostile.ipynb")), "hostile-student");

  it("takes the title from the file name and drops every other notebook metadata", () => {
    expect(nb.metadata.title).toBe("hostile-student");
    expect(Object.keys(nb.metadata).sort()).toEqual(["kernelspec", "language_info", "title"]);
  });

  it("drops raw cells, reduces tags to safe characters and removes script-only outputs", () => {
    expect(nb.cells.some((c) => c.cell_type === "raw")).toBe(false);
    const tags = nb.cells.flatMap((c) => (c.metadata.tags as string[] | undefined) ?? []);
    expect(tags.length).toBeGreaterThan(0);
    for (const tag of tags) expect(tag).toMatch(/^[A-Za-z0-9_-]+$/);
    const mimes = nb.cells.flatMap((c) => (c.outputs ?? []).flatMap((o) => Object.keys(o.data ?? {})));
    expect(mimes).not.toContain("application/javascript");
    expect(mimes).not.toContain("application/vnd.dlab.figure.v1+json");
  });
});

describe("figure bookkeeping", () => {
  it("finds the lab fixture's three figures, two of them without a stored PNG", () => {
    const lab = readNotebook(path.join(FIXTURES, "lab.ipynb"));
    expect(figureOutputs(lab).map((f) => f.cell)).toEqual([8, 9, 10]);
    expect(figuresNeedingImages(lab).map((f) => f.cell)).toEqual([8, 9]);
  });
});

// Hostile and broken payloads: each must be refused with a message that names the field, what was
// expected and what came; strings that reach plotly must be inert.
import { describe, expect, it } from "vitest";
import { parsePayload, PayloadError } from "../../extension/src/validate";
import { MALFORMED, series } from "./malformed";
import { plainText, sanitizePlotly, MAX_TEXT } from "../../extension/src/sanitize";
import { figureToPlotly, LIGHT_THEME } from "../../extension/src/figure";
import { KINDS } from "../../extension/src/kinds";
import { AT_CAPS, OVER_CAPS } from "./caps";

describe("parsePayload refuses malformed payloads with a readable message", () => {
  it.each(MALFORMED)("%s", (_name, payload, message) => {
    expect(() => parsePayload(payload)).toThrow(PayloadError);
    expect(() => parsePayload(payload)).toThrow(message);
    expect(() => figureToPlotly(payload)).toThrow(message);
  });

  it("accepts null as a gap in number arrays", () => {
    expect(parsePayload(series([1, null, 3])).kind).toBe("scatter");
  });

  it("never lets a __proto__ key reach Object.prototype", () => {
    expect(() =>
      parsePayload(JSON.parse('{"__proto__":{"pwned":true},"kind":"scatter","series":[]}')),
    ).toThrow();
    expect(({} as any).pwned).toBeUndefined();
  });
});

describe("plainText", () => {
  it("escapes markup, MathJax and backslashes so plotly shows them as characters", () => {
    expect(plainText("<a href='javascript:alert(1)'>x</a>")).toBe(
      "&lt;a href='javascript:alert(1)'&gt;x&lt;/a&gt;",
    );
    expect(plainText("$\\href{javascript:alert(1)}{x}$")).toBe("&#36;&#92;href{javascript:alert(1)}{x}&#36;");
    expect(plainText("Tom & Jerry")).toBe("Tom &amp; Jerry");
    expect(plainText("&lt;")).toBe("&amp;lt;");
  });

  it("drops control characters and cuts long text", () => {
    expect(plainText("a\u0000b\u001bc\nd")).toBe("abc\nd");
    expect(plainText("x".repeat(MAX_TEXT + 10))).toHaveLength(MAX_TEXT + 1);
    expect(plainText(undefined)).toBe("");
  });
});

describe("sanitizePlotly", () => {
  it("drops link-like nested keys and unknown trace types, escapes nested strings", () => {
    const { data, layout, dropped } = sanitizePlotly(
      [
        {
          type: "scatter",
          marker: { color: "red", line: { width: 1 } },
          text: ["<b>1</b>"],
          xhoverformat: "x",
        },
        { type: "sankey" },
        { type: { not: "a string" } },
      ],
      {
        annotations: [{ text: "<a href='https://evil'>go</a>", href: "https://evil" }],
        font: { family: "<x>" },
      },
    );
    expect(data).toEqual([
      { type: "scatter", marker: { color: "red", line: { width: 1 } }, text: ["&lt;b&gt;1&lt;/b&gt;"] },
    ]);
    expect(dropped).toEqual(["sankey", "?"]);
    expect(layout.annotations).toEqual([{ text: "&lt;a href='https://evil'&gt;go&lt;/a&gt;" }]);
    expect(layout.font).toEqual({ family: "&lt;x&gt;" });
  });
});

describe("caps on what a lab figure needs (LIMITS)", () => {
  it("accepts every kind at its caps", () => {
    for (const [kind, payload] of Object.entries(AT_CAPS))
      expect(parsePayload(payload).kind, kind).toBe(kind);
  });

  it.each(OVER_CAPS)("refuses %s, naming the field and the cap", (_, payload, message) => {
    expect(() => parsePayload(payload)).toThrow(PayloadError);
    expect(() => parsePayload(payload)).toThrow(message);
  });

  it("the decision-boundary builder is linear: 400k points in 40k classes group in one pass", () => {
    // the builder on its own, past the validator: the old one took minutes for this
    const n = 400_000;
    const label = Array.from({ length: n }, (_, i) => i % 40_000);
    const p = { kind: "decision-boundary" as const, points: { x: label.map((l) => l * 2), y: label, label } };
    const t0 = performance.now();
    const { data } = KINDS["decision-boundary"].traces(p, LIGHT_THEME);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(data).toHaveLength(40_000);
    // each class keeps its own points, in order, labels sorted
    expect(data[7]).toMatchObject({ name: "class 7", x: Array(10).fill(14), y: Array(10).fill(7) });
  });
});

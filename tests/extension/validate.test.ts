// Hostile and broken payloads: each must be refused with a message that names the field, what was
// expected and what came; strings that reach plotly must be inert.
import { describe, expect, it } from "vitest";
import { parsePayload, PayloadError } from "../../extension/src/validate";
import { MALFORMED, series } from "./malformed";
import { plainText, sanitizePlotly, MAX_TEXT } from "../../extension/src/sanitize";
import { figureToPlotly } from "../../extension/src/figure";

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

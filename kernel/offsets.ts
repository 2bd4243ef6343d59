/**
 * Cursor positions: Jupyter (protocol ≥ 5.2) counts Unicode code points, JavaScript strings
 * count UTF-16 code units. They differ after any character outside the BMP (emoji, 𝑥).
 */

/**
 * UTF-16 offset of the `cp`-th code point of `text` (clamped to the text).
 * @example codePointToUtf16("😀a", 1) // → 2
 */
export function codePointToUtf16(text: string, cp: number): number {
  let units = 0;
  let seen = 0;
  for (const ch of text) {
    if (seen >= cp) break;
    units += ch.length;
    seen++;
  }
  return units;
}

/**
 * Code-point offset of UTF-16 offset `unit` of `text`.
 * @example utf16ToCodePoint("😀a", 2) // → 1
 */
export function utf16ToCodePoint(text: string, unit: number): number {
  return [...text.slice(0, Math.max(0, unit))].length;
}

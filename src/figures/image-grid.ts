/** Pure builder for `image-grid` figures: small grayscale images with captions. */
import type { ImageGridFigure } from "../payload";
import { ArgumentError, describeValue } from "../errors";

/**
 * At most this many images leave the kernel in one grid (100 MNIST digits ≈ 0.5 MB of JSON is plenty).
 * @example
 * dl.figures.MAX_IMAGES; // 100
 */
export const MAX_IMAGES = 100;

/**
 * Build an image-grid payload; pixels must be finite and in [0, 1] (normalise first).
 * @example
 * imageGridFigure([{ pixels: [0, 1, 1, 0], caption: "2×2" }], 2, 2);
 */
export function imageGridFigure(
  images: Array<{ pixels: ArrayLike<number>; caption?: string }>,
  width: number,
  height: number,
  opts: { columns?: number; title?: string } = {},
): ImageGridFigure {
  const fn = "dl.figures.imageGridFigure";
  for (const [name, v] of [
    ["width", width],
    ["height", height],
  ] as const) {
    if (!Number.isInteger(v) || v <= 0)
      throw new ArgumentError(fn, name, "a positive integer", describeValue(v));
  }
  if (images.length > MAX_IMAGES) {
    const hint = `Pass a slice, e.g. images.slice(0, ${MAX_IMAGES}).`;
    throw new ArgumentError(
      fn,
      "images",
      `at most ${MAX_IMAGES} images in one grid`,
      `${images.length}`,
      hint,
    );
  }
  const out = images.map((img, i) => {
    if (img.pixels.length !== width * height) {
      const want = `${width}×${height} = ${width * height} values`;
      throw new ArgumentError(fn, `images[${i}].pixels`, want, `${img.pixels.length}`);
    }
    const px = Array.from(img.pixels, (v, j) => {
      if (!Number.isFinite(v) || v < 0 || v > 1) {
        const hint = "Divide 8-bit pixels by 255 first.";
        throw new ArgumentError(fn, `images[${i}].pixels`, "values in [0, 1]", `${v} at index ${j}`, hint);
      }
      // three decimals are more than 8-bit grayscale needs and keep the JSON small
      return Math.round(v * 1000) / 1000;
    });
    return img.caption !== undefined ? { pixels: px, caption: img.caption } : { pixels: px };
  });
  const fig: ImageGridFigure = { kind: "image-grid", width, height, images: out, final: true };
  if (opts.columns !== undefined) fig.columns = opts.columns;
  if (opts.title !== undefined) fig.title = opts.title;
  return fig;
}

/**
 * One-line summary: how many images and their captions.
 * @example
 * imageGridSummary(imageGridFigure([{ pixels: [0], caption: "7" }], 1, 1)); // "images: 1 of 1×1 (7)"
 */
export function imageGridSummary(fig: ImageGridFigure): string {
  const caps = fig.images.map((i) => i.caption).filter((c) => c !== undefined);
  const shown = caps.slice(0, 20).join(" ") + (caps.length > 20 ? " …" : "");
  return `images: ${fig.images.length} of ${fig.width}×${fig.height}${shown ? ` (${shown})` : ""}`;
}

// PDF inspection for the handout tests, with Debian's poppler-utils (pdftotext, pdftohtml, pdftoppm):
// the text a reader sees, and whether each placed image is visibly drawn on its rendered page.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** The PDF's text, whitespace collapsed (code lines may be re-spaced by the layout). */
export function pdfText(pdf: string): string {
  return execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
}

/** An image placed on a page, in pdftohtml's page coordinates. */
export interface PlacedImage {
  page: number;
  top: number;
  left: number;
  width: number;
  height: number;
  pageWidth: number;
  pageHeight: number;
}

/** Every image placed in the PDF, with its page and box (pdftohtml -xml). */
export function placedImages(pdf: string, work: string): PlacedImage[] {
  const base = path.join(work, "layout");
  execFileSync("pdftohtml", ["-xml", "-q", pdf, base]);
  const xml = fs.readFileSync(base + ".xml", "utf8");
  const images: PlacedImage[] = [];
  for (const page of xml.split("<page ").slice(1)) {
    const attr = (s: string, name: string) => Number(new RegExp(`\\b${name}="([\\d.]+)"`).exec(s)![1]);
    const head = page.slice(0, page.indexOf(">"));
    for (const m of page.matchAll(/<image [^>]*>/g)) {
      images.push({
        page: attr(head, "number"),
        top: attr(m[0], "top"),
        left: attr(m[0], "left"),
        width: attr(m[0], "width"),
        height: attr(m[0], "height"),
        pageWidth: attr(head, "width"),
        pageHeight: attr(head, "height"),
      });
    }
  }
  return images;
}

/** Fraction of clearly non-white pixels inside the image's box on the page rasterised at 50 dpi. */
export function inkInBox(pdf: string, img: PlacedImage, work: string): number {
  const prefix = path.join(work, `page-${img.page}`);
  execFileSync("pdftoppm", [
    "-gray",
    "-r",
    "50",
    "-f",
    String(img.page),
    "-l",
    String(img.page),
    pdf,
    prefix,
  ]);
  const file = fs
    .readdirSync(work)
    .find((f) => f.startsWith(`page-${img.page}-`) || f === `page-${img.page}.pgm`);
  const pgm = fs.readFileSync(path.join(work, file!));
  // binary PGM: "P5\n<w> <h>\n255\n" then one byte per pixel
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.toString("latin1", 0, 40))!;
  const [w, h, offset] = [Number(header[1]), Number(header[2]), header[0].length];
  const sx = w / img.pageWidth;
  const sy = h / img.pageHeight;
  let ink = 0;
  let total = 0;
  for (let y = Math.ceil(img.top * sy); y < Math.floor((img.top + img.height) * sy); y++) {
    for (let x = Math.ceil(img.left * sx); x < Math.floor((img.left + img.width) * sx); x++) {
      total++;
      if (pgm[offset + y * w + x] < 250) ink++; // antialiased plot lines are light grey at 50 dpi
    }
  }
  return total === 0 ? 0 : ink / total;
}

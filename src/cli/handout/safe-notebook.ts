/**
 * The copy of a notebook that is handed to nbconvert: rebuilt field by field from an allow-list,
 * because nbconvert's templates paste some fields into the page unescaped (image data into
 * `src="…"`, image sizes into `width="…"`). Anything not listed here never reaches the page.
 *
 * @example
 * import { safeNotebook } from "./safe-notebook";
 * const copy = safeNotebook(nb, "01-perceptron-student");
 */
import { FIGURE_MIME } from "../../payload";
import { Cell, Notebook, Output, cellSource, cellTags } from "./notebook";

/** Output MIME types kept; HTML and Markdown are then sanitised by nbconvert's SanitizeHTML. */
const TEXT_MIME = ["text/plain", "text/html", "text/markdown", "text/latex"];
/** Image MIME types kept, and only when their data is plain base64. */
const IMAGE_MIME = ["image/png", "image/jpeg", "image/gif"];

const text = (v: unknown): string => (Array.isArray(v) ? v.join("") : typeof v === "string" ? v : "");
const isBase64 = (s: string): boolean => s.length > 0 && /^[A-Za-z0-9+/=\s]+$/.test(s);
const whole = (v: unknown): number | null => (Number.isInteger(v) ? (v as number) : null);

/** Only the MIME data nbconvert can show safely, images checked to be base64. */
function safeData(data: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const mime of TEXT_MIME) if (data?.[mime] !== undefined) out[mime] = text(data[mime]);
  for (const mime of IMAGE_MIME) {
    const b64 = text(data?.[mime]).replace(/\s+/g, "");
    if (isBase64(b64)) out[mime] = b64;
  }
  if (data?.[FIGURE_MIME] !== undefined && out["image/png"] === undefined) out["text/plain"] ??= "[figure]";
  return out;
}

/** Image sizes as numbers, nothing else from an output's metadata. */
function safeOutputMetadata(meta: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const mime of IMAGE_MIME) {
    const m = meta?.[mime] as { width?: unknown; height?: unknown } | undefined;
    const size: Record<string, number> = {};
    if (typeof m?.width === "number" && m.width > 0) size.width = Math.round(m.width);
    if (typeof m?.height === "number" && m.height > 0) size.height = Math.round(m.height);
    if (Object.keys(size).length > 0) out[mime] = size;
  }
  return out;
}

/** One output rebuilt, or null when it is of a kind a handout does not show. */
function safeOutput(o: Output): Output | null {
  switch (o.output_type) {
    case "stream":
      return { output_type: "stream", name: o.name === "stderr" ? "stderr" : "stdout", text: text(o.text) };
    case "error": {
      const tb = Array.isArray(o.traceback) ? o.traceback.map(text) : [];
      return { output_type: "error", ename: text(o.ename), evalue: text(o.evalue), traceback: tb };
    }
    case "display_data":
    case "execute_result": {
      const data = safeData(o.data);
      if (Object.keys(data).length === 0) return null;
      const base = { output_type: o.output_type, data, metadata: safeOutputMetadata(o.metadata) };
      return o.output_type === "execute_result"
        ? { ...base, execution_count: whole(o.execution_count) }
        : base;
    }
    default:
      return null;
  }
}

/** Markdown attachments with a plain name and base64 image data only. */
function safeAttachments(a: Cell["attachments"]): Cell["attachments"] {
  const out: NonNullable<Cell["attachments"]> = {};
  for (const [name, bundle] of Object.entries(a ?? {})) {
    const images = Object.fromEntries(
      Object.entries(safeData(bundle)).filter(([m]) => IMAGE_MIME.includes(m)),
    );
    if (Object.keys(images).length > 0) out[name] = images;
  }
  return out;
}

/** The notebook rebuilt for rendering: safe ids, tags, outputs; no raw cells; title = `title`. */
export function safeNotebook(nb: Notebook, title: string): Notebook {
  const cells: Cell[] = [];
  nb.cells.forEach((cell, i) => {
    if (cell.cell_type !== "code" && cell.cell_type !== "markdown") return; // raw cells are pasted unsanitised
    const tags = cellTags(cell).map((t) => t.replace(/[^A-Za-z0-9_-]/g, "_"));
    const safe: Cell = {
      cell_type: cell.cell_type,
      id: `cell-${i}`,
      metadata: tags.length > 0 ? { tags } : {},
      source: cellSource(cell),
    };
    if (cell.cell_type === "code") {
      safe.execution_count = whole(cell.execution_count);
      safe.outputs = (cell.outputs ?? []).map(safeOutput).filter((o): o is Output => o !== null);
    } else if (cell.attachments) safe.attachments = safeAttachments(cell.attachments);
    cells.push(safe);
  });
  const kernelspec = nb.metadata.kernelspec as { name?: unknown; language?: unknown } | undefined;
  const language =
    typeof kernelspec?.language === "string" && /^[\w+-]+$/.test(kernelspec.language)
      ? kernelspec.language
      : "typescript";
  // the page title comes from the file name, never from metadata a notebook author controls
  return { nbformat: 4, nbformat_minor: 5, metadata: { title, language_info: { name: language } }, cells };
}

/**
 * Helpers of the converter (converter.ts): the names a cell declares, diagnostics as the kernel
 * reports them, and completion candidates ranked for a notebook.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import type * as TS from "@tslab/typescript-for-tslab";

let loaded: typeof TS | undefined;
/** TypeScript, loaded on first use (require() costs a lookup on every call). */
const ts = (): typeof TS => (loaded ??= require("@tslab/typescript-for-tslab") as typeof TS);

/** A position in a cell (or file): UTF-16 offset, zero-based line and character. */
export interface DiagnosticPos {
  offset: number;
  line: number;
  character: number;
}

/** A diagnostic as tslab reports one (a message chain is flattened into several). */
export interface Diagnostic {
  start: DiagnosticPos;
  end: DiagnosticPos;
  messageText: string;
  category: number;
  code: number;
  /** Relative to the notebook folder; unset for the cell itself. */
  fileName?: string;
}

/** Completion candidates replacing [start, end) of the cell. */
export interface Completion {
  start: number;
  end: number;
  candidates: string[];
}

/**
 * The top-level names a module's text declares (values and types, imports included), from a
 * standalone parse and bind: the converter exports them all, so that they reach the declarations.
 * @example localNames("export {};\nconst a = 1; type T = number;") // → Set {"a", "T"}
 */
export function localNames(text: string): Set<string> {
  const t = ts();
  const sf = t.createSourceFile("names.ts", text, t.ScriptTarget.ES2022, false, t.ScriptKind.TS);
  (t as unknown as { bindSourceFile: (f: TS.SourceFile, o: TS.CompilerOptions) => void }).bindSourceFile(
    sf,
    {},
  );
  const names = new Set<string>();
  (sf as unknown as { locals?: TS.SymbolTable }).locals?.forEach((_s, key) =>
    names.add(t.unescapeLeadingUnderscores(key)),
  );
  return names;
}

/** How to report diagnostics of a cell. */
export interface DiagnosticContext {
  /** The file name to report (undefined for the cell), or null for a file not to report. */
  fileName(file: string): string | null | undefined;
  /** Whether the file's text starts with the converter's one-line prefix. */
  prefixed(file: string): boolean;
  /** Whether the diagnostic is a top-level await (allowed: the cell runs in an async wrapper). */
  isTopLevelAwait(d: TS.Diagnostic): boolean;
}

/** TypeScript's diagnostics as the kernel reports them, and whether the cell awaits at top level. */
export function toDiagnostics(
  input: readonly TS.Diagnostic[],
  context: DiagnosticContext,
): { diagnostics: Diagnostic[]; hasToplevelAwait: boolean } {
  const t = ts();
  const diagnostics: Diagnostic[] = [];
  let hasToplevelAwait = false;
  for (const d of input) {
    if (!d.file || d.start === undefined) continue; // global ones have no place to show
    if (context.isTopLevelAwait(d)) {
      hasToplevelAwait = true;
      continue;
    }
    const fileName = context.fileName(d.file.fileName);
    if (fileName === null) continue;
    const file = d.file;
    const shift = context.prefixed(file.fileName) ? 1 : 0; // the prefix is one line
    const at = (offset: number): DiagnosticPos => {
      const { line, character } = t.getLineAndCharacterOfPosition(file, offset);
      return { offset: offset - shift * PREFIX_LENGTH, line: line - shift, character };
    };
    const start = at(d.start);
    const end = at(d.start + (d.length ?? 0));
    if (typeof d.messageText === "string") {
      diagnostics.push({
        start,
        end,
        messageText: d.messageText,
        category: d.category,
        code: d.code,
        fileName,
      });
      continue;
    }
    // a chain: every message, depth first (as tslab, without the file name)
    const walk = (m: TS.DiagnosticMessageChain) => {
      diagnostics.push({ start, end, messageText: m.messageText, category: m.category, code: m.code });
      for (const next of m.next ?? []) walk(next);
    };
    walk(d.messageText);
  }
  return { diagnostics, hasToplevelAwait };
}

/** Length of the converter's prefix (`export {};\n`). */
const PREFIX_LENGTH = "export {};\n".length;

/**
 * Completions at `pos` (an offset in the prefixed cell file). When the cursor is on an identifier,
 * the candidates are those that start with it, then those that start with it ignoring case, then
 * those that contain it, each group in TypeScript's order; otherwise every candidate, in
 * TypeScript's sort order then by name.
 */
export function complete(program: TS.Program, cell: TS.SourceFile, pos: number, prefix: number): Completion {
  const t = ts();
  const never = { isCancellationRequested: () => false, throwIfCancellationRequested: () => {} };
  const completions = t.Completions as unknown as {
    getCompletionsAtPositionForTslab: (...args: unknown[]) => TS.CompletionInfo | undefined;
  };
  const info = completions.getCompletionsAtPositionForTslab(
    {},
    program,
    () => {},
    cell,
    pos,
    {},
    undefined,
    t.CompletionTriggerKind.Invoked,
    never,
  );
  const entries = info?.entries ?? [];
  const before = t.findPrecedingToken(pos, cell);
  let word: TS.Identifier | undefined;
  if (before && t.isIdentifier(before) && before.end >= pos) word = before;
  else {
    const after = before ? t.findNextToken(before, cell, cell) : undefined;
    if (after && t.isIdentifier(after) && after.getStart(cell) <= pos && pos <= after.end) word = after;
  }
  if (!word) {
    const sorted = [...entries].sort(
      (a, b) => a.sortText.localeCompare(b.sortText) || a.name.localeCompare(b.name),
    );
    return { start: pos - prefix, end: pos - prefix, candidates: sorted.map((e) => e.name) };
  }
  const typed = word.text;
  const lower = typed.toLowerCase();
  const group = (name: string) =>
    name.startsWith(typed)
      ? "0"
      : name.toLowerCase().startsWith(lower)
        ? "1"
        : name.toLowerCase().includes(lower)
          ? "2"
          : undefined;
  const ranked = entries.flatMap((e, index) => {
    const g = group(e.name);
    return g === undefined ? [] : [{ name: e.name, key: g + e.sortText, index }];
  });
  ranked.sort((a, b) => a.key.localeCompare(b.key) || a.index - b.index);
  return {
    start: word.getStart(cell) - prefix,
    end: word.end - prefix,
    candidates: ranked.map((e) => e.name),
  };
}

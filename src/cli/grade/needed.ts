/**
 * Which cells grading must run: the checks, and every cell they need by name — the last cell
 * before a user that declares (or changes) a name it uses, and what that cell needs in turn.
 * Demo cells (figures, printouts) that no check needs are skipped: grading runs in seconds, and
 * a crash in a demo cell costs nothing. Static and conservative: any identifier counts as a use.
 *
 * @example
 * import { neededCells } from "./needed";
 * const run = neededCells(["const a = 1;", "console.log(a);", "check(a);"], [2]); // Set {0, 2}
 */
import { declaredNames, topLevelStatements, withoutComments } from "../handout/solution-deps";

const IMPORT =
  /^\s*import\s+(?:type\s+)?(?:([\w$]+)\s*,?\s*)?(?:\*\s*as\s+([\w$]+)|\{([^}]*)\})?\s*(?:from\s+)?["']|^\s*import\s+([\w$]+)\s*=\s*require\b/gm;

/** Names a cell's imports bind (`import * as dl`, `import x, { a, b as c }`, `import y = require`). */
export function importedNames(source: string): string[] {
  const names: string[] = [];
  for (const m of withoutComments(source).matchAll(IMPORT)) {
    if (m[1]) names.push(m[1]);
    if (m[2]) names.push(m[2]);
    if (m[4]) names.push(m[4]);
    for (const part of (m[3] ?? "").split(",")) {
      const name = part
        .split(/\s+as\s+/)
        .pop()!
        .replace(/^type\s+/, "")
        .trim();
      if (/^[\w$]+$/.test(name)) names.push(name);
    }
  }
  return names;
}

const TYPE_DECLARATION = /^(?:export\s+)?(?:declare\s+)?(?:type|interface|enum|namespace)\s+([\w$]+)/gm;

/** Every top-level name a cell binds: declarations (values and types) and imports. */
export function boundNames(source: string): string[] {
  const code = withoutComments(source);
  const types = [...code.matchAll(TYPE_DECLARATION)].map((m) => m[1]);
  return [...declaredNames(code), ...types, ...importedNames(source)];
}

/** Identifiers a cell's code mentions (not after a dot: `x.name` uses x, not name). */
export function usedNames(source: string): Set<string> {
  return new Set(withoutComments(source).match(/(?<![\w$.])[A-Za-z_$][\w$]*/g) ?? []);
}

/** Names a cell declares at any depth (`const ref` inside a callback shadows a global `ref`). */
function localNames(source: string): string[] {
  const local = /\b(?:const|let|var|function|class)\s+([A-Za-z_$][\w$]*)/g;
  return [...withoutComments(source).matchAll(local)].map((m) => m[1]);
}

/** Names a cell assigns or mutates at top level (`x = …`, `x.push(…)`, `x[i] = …`). */
function changedNames(source: string): string[] {
  const changed =
    /(?<![\w$.])([\w$]+)\s*(?:[-+*/%]?=(?!=)|\.\s*(?:push|unshift|splice|set|fill|copyWithin)\s*\(|\[[^\]]*\]\s*=(?!=))/g;
  return topLevelStatements(source).flatMap((s) =>
    /^\s*(?:const|let|var|(?:async\s+)?function|class|import|export|type|interface)\b/.test(s)
      ? []
      : [...s.matchAll(changed)].map((m) => m[1]),
  );
}

/**
 * Indices of the cells to run for the `roots` (checks, hidden checks), in notebook order.
 * `sources` holds each code cell's source (null for a cell that is not code).
 */
export function neededCells(sources: (string | null)[], roots: number[]): Set<number> {
  const binds = sources.map((s) => (s === null ? [] : boundNames(s)));
  const changes = sources.map((s) => (s === null ? [] : changedNames(s)));
  const needed = new Set<number>();
  const todo = [...roots];
  while (todo.length > 0) {
    const i = todo.pop()!;
    if (needed.has(i) || sources[i] === null) continue;
    needed.add(i);
    const own = new Set([...binds[i], ...localNames(sources[i]!)]);
    for (const name of usedNames(sources[i]!)) {
      if (own.has(name)) continue;
      // the last declaration before i is the one i sees; changes after it matter too
      for (let j = i - 1; j >= 0; j--) {
        if (changes[j].includes(name)) todo.push(j);
        if (binds[j].includes(name)) {
          todo.push(j);
          break;
        }
      }
    }
  }
  return needed;
}

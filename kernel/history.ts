/**
 * In-memory input history of this kernel session, for `history_request` (tail, range, search),
 * with the text/plain of each cell's result as its output.
 */

/** One stored cell. */
interface Entry {
  line: number;
  input: string;
  output: string | null;
}

/** The history_request fields this kernel reads. */
export interface HistoryQuery {
  hist_access_type?: string;
  output?: boolean;
  n?: number;
  session?: number;
  start?: number;
  stop?: number | null;
  pattern?: string;
  unique?: boolean;
}

/** This kernel's session number in history replies (one session per kernel process). */
export const HISTORY_SESSION = 1;

/** Inputs of cells run with store_history, by execution count. */
export class History {
  private readonly entries: Entry[] = [];

  /** Store a cell's input under its execution count. @example history.add(1, "1 + 1") */
  add(line: number, input: string): void {
    this.entries.push({ line, input, output: null });
  }

  /** Attach the text/plain result to the cell with that count. @example history.setOutput(1, "2") */
  setOutput(line: number, output: string): void {
    const e = this.entries.find((x) => x.line === line);
    if (e) e.output = output;
  }

  /**
   * Answer a history_request: `[session, line, input]` or `[session, line, [input, output]]` rows.
   * @example history.query({ hist_access_type: "tail", n: 2 })
   */
  query(q: HistoryQuery): unknown[] {
    let rows: Entry[];
    switch (q.hist_access_type) {
      case "tail":
        rows = q.n && q.n > 0 ? this.entries.slice(-q.n) : [...this.entries];
        break;
      case "range":
        rows = this.range(q);
        break;
      case "search":
        rows = this.search(q);
        break;
      default:
        rows = [];
    }
    return rows.map((e) => [HISTORY_SESSION, e.line, q.output ? [e.input, e.output] : e.input]);
  }

  private range(q: HistoryQuery): Entry[] {
    // Session 0 or negative means "this session", as in IPython; other sessions do not exist here.
    const session = q.session ?? 0;
    if (session > 0 && session !== HISTORY_SESSION) return [];
    const start = q.start ?? 0;
    const stop = q.stop ?? Infinity;
    return this.entries.filter((e) => e.line >= start && e.line < stop);
  }

  private search(q: HistoryQuery): Entry[] {
    const re = globToRegExp(q.pattern ?? "*");
    let rows = this.entries.filter((e) => re.test(e.input));
    if (q.unique) {
      const keep = new Map<string, Entry>();
      for (const e of rows) {
        keep.delete(e.input);
        keep.set(e.input, e); // keep the latest occurrence, in order
      }
      rows = [...keep.values()];
    }
    return q.n && q.n > 0 ? rows.slice(-q.n) : rows;
  }
}

/**
 * A glob (`*`, `?`) as a whole-string RegExp, as IPython's history search uses.
 * @example globToRegExp("a*").test("abc") // → true
 */
export function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, "[\\s\\S]*")
    .replace(/\?/g, "[\\s\\S]");
  return new RegExp(`^${body}$`);
}

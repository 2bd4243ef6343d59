/**
 * Earlier runs of a training cell, kept so that re-running the cell shows them as ghost curves
 * ("this learning rate vs that one" without writing code). Runs are keyed by the cell (its
 * Jupyter cell id, from the kernel) and by which training of the cell's execution they are (the
 * 1st, 2nd, … `dl.train` call), so a cell that trains twice compares each with its own kind.
 */
import { currentCell } from "../display";
import type { HistoryCurve } from "../figures/history";
import { MAX_GHOST_RUNS } from "../payload";

/** A finished run as its ghost: its name and its epoch curves (no run set). */
export interface GhostRun {
  name: string;
  curves: HistoryCurve[];
}

/** Where one training keeps its run: the earlier runs to draw, its number, and `save`. */
export interface RunSlot {
  /** Earlier runs of this cell's same training, oldest first (at most MAX_GHOST_RUNS). */
  readonly ghosts: GhostRun[];
  /** 1 for the first run of this training in this cell, 2 for the next, … */
  readonly number: number;
  /** Keep the finished (or stopped) run for the cell's next execution. */
  save(run: GhostRun): void;
}

/** Cells remembered at once; the least recently run is forgotten first. */
const MAX_CELLS = 100;

/**
 * Earlier runs by cell and training index. Pure apart from the clock-free bookkeeping here;
 * {@link RUNS} is the one the kernel's cells share.
 * @example
 * const store = new RunStore();
 * const slot = store.begin({ id: "cell-1", execution: "msg-1" });
 * slot?.save({ name: "run 1", curves: [] });
 */
export class RunStore {
  private readonly cells = new Map<
    string,
    { execution: string; next: number; runs: Map<number, GhostRun[]>; count: Map<number, number> }
  >();

  /** A slot for a training that starts now in `cell` (undefined outside a kernel cell: nothing kept). */
  begin(cell: { id: string; execution: string } | undefined): RunSlot | undefined {
    if (!cell) return undefined;
    let c = this.cells.get(cell.id);
    if (c) this.cells.delete(cell.id); // re-inserted below: most recent last
    c ??= { execution: cell.execution, next: 0, runs: new Map(), count: new Map() };
    this.cells.set(cell.id, c);
    if (this.cells.size > MAX_CELLS) this.cells.delete(this.cells.keys().next().value as string);
    // a new execution of the cell starts counting its trainings from the first again
    if (c.execution !== cell.execution) {
      c.execution = cell.execution;
      c.next = 0;
    }
    const index = c.next++;
    const runs = c.runs.get(index) ?? [];
    const number = (c.count.get(index) ?? 0) + 1;
    c.count.set(index, number);
    const entry = c;
    return {
      ghosts: runs.slice(),
      number,
      save(run: GhostRun) {
        const kept = [...(entry.runs.get(index) ?? []), run].slice(-MAX_GHOST_RUNS);
        entry.runs.set(index, kept);
      },
    };
  }

  /** Forget every cell's runs. */
  clear(): void {
    this.cells.clear();
  }
}

/** The runs of this kernel's cells. */
export const RUNS = new RunStore();

/** A slot in {@link RUNS} for a training starting now in the running cell (none outside a kernel). */
export function beginRun(): RunSlot | undefined {
  return RUNS.begin(currentCell());
}

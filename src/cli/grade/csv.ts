/**
 * grades.csv: one row per student, one column per check (points earned), then the total — a
 * plain header row, UTF-8, comma-separated, quoted where needed (RFC 4180), the student id first,
 * as Moodle's and Canvas's grade import read it.
 *
 * @example
 * import { gradesCsv } from "./csv";
 * fs.writeFileSync("grades.csv", gradesCsv(columns, grades));
 */
import type { Column, Grade } from "./score";

/** One CSV field: quoted when it holds a comma, quote or line break; a leading = + - @ is defused. */
export function csvField(value: string | number): string {
  let s = String(value);
  // a spreadsheet would run "=…" as a formula: a student id never needs to start with one
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Points as the CSV writes them: at most 2 decimals, no trailing zeros. */
export function pointsText(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** The header name of a column: the check's name, `hidden: ` in front for a hidden one. */
export function columnTitle(c: Column): string {
  return c.hidden ? `hidden: ${c.name}` : c.name;
}

/** The whole file: header, then one row per student in the order given. */
export function gradesCsv(columns: Column[], grades: Grade[]): string {
  const rows = [["student", ...columns.map(columnTitle), "total"].map(csvField).join(",")];
  for (const g of grades) {
    const cells = g.outcomes.map((o) => pointsText(o.earned));
    rows.push([csvField(g.student), ...cells, pointsText(g.total)].join(","));
  }
  return rows.join("\r\n") + "\r\n";
}

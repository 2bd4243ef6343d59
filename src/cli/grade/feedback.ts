/**
 * A student's feedback page: each check's result, points and hint; the hidden checks' names and
 * results, never their code; what grading changed (a restored check cell) or met (a cell that
 * failed). Self-contained HTML without script, every text escaped; printed to PDF by Chromium.
 * "All checks passed" is said only when the lab has no hidden checks: otherwise the visible ones
 * are named as such, and the hidden ones counted apart.
 *
 * @example
 * import { feedbackHtml, summaryLine } from "./feedback";
 * fs.writeFileSync("ana.html", feedbackHtml(grade, { lab: "02-backprop", title: "Lab 02" }));
 */
import { pointsText } from "./csv";
import type { Grade, Outcome } from "./score";

/** Escape text for HTML. */
export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
}

/**
 * The one-line verdict: never "all passed" while the lab has hidden checks (`hiddenExist`,
 * defaults to whether any outcome is hidden); hidden results are counted apart when known.
 */
export function summaryLine(
  outcomes: Outcome[],
  hiddenExist = outcomes.some((o) => o.column.hidden),
): string {
  const visible = outcomes.filter((o) => !o.column.hidden);
  const hidden = outcomes.filter((o) => o.column.hidden);
  const right = (list: Outcome[]) => list.filter((o) => o.status === "right").length;
  const allVisible = right(visible) === visible.length;
  if (!hiddenExist)
    return allVisible ? "All checks passed." : `${right(visible)} of ${visible.length} checks passed.`;
  const first = allVisible
    ? "All visible checks passed."
    : `${right(visible)} of ${visible.length} visible checks passed.`;
  return hidden.length === 0 ? first : `${first} Hidden checks: ${right(hidden)} of ${hidden.length} passed.`;
}

const MARK: Record<Outcome["status"], string> = {
  right: "✔ right",
  "not yet": "✘ not yet",
  "not run": "— not run",
};

function rows(outcomes: Outcome[]): string {
  return outcomes
    .map(
      (o) =>
        `<tr class="${o.status.replace(" ", "-")}"><td>${escapeHtml(o.column.name)}</td>` +
        `<td class="mark">${MARK[o.status]}</td>` +
        `<td class="pts">${pointsText(o.earned)} / ${pointsText(o.column.points)}</td>` +
        `<td>${escapeHtml(o.hint)}</td></tr>`,
    )
    .join("\n");
}

function table(outcomes: Outcome[]): string {
  return `<table><thead><tr><th>check</th><th>result</th><th>points</th><th>hint</th></tr></thead>
<tbody>
${rows(outcomes)}
</tbody></table>`;
}

const CSS = `body{font:11pt/1.45 system-ui,"DejaVu Sans",sans-serif;margin:2em;color:#222}
h1{font-size:16pt;margin:0 0 .2em}p.sub{color:#555;margin:0 0 1em}
.total{font-size:13pt;font-weight:600}table{border-collapse:collapse;width:100%;margin:.5em 0 1.2em}
th,td{border-bottom:1px solid #ddd;padding:.35em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3}td.mark{white-space:nowrap}td.pts{white-space:nowrap;text-align:right}
tr.right td.mark{color:#1a7f37}tr.not-yet td.mark{color:#b35900}tr.not-run td.mark{color:#777}
h2{font-size:12.5pt;margin:1.2em 0 .3em}ul.notes{color:#444}@page{size:A4;margin:15mm}`;

/** The feedback page of one student. */
export function feedbackHtml(g: Grade, lab: { name: string; title: string }): string {
  const visible = g.outcomes.filter((o) => !o.column.hidden);
  const hidden = g.outcomes.filter((o) => o.column.hidden);
  const hiddenPart =
    hidden.length === 0
      ? ""
      : `<h2>Hidden checks</h2>
<p>Run by the grader after your notebook, on other inputs than the visible checks; their code is not shown.</p>
${table(hidden)}`;
  const notes =
    g.notes.length === 0
      ? ""
      : `<h2>Notes</h2>\n<ul class="notes">${g.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("")}</ul>`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>${escapeHtml(`${lab.name} — feedback for ${g.student}`)}</title>
<style>${CSS}</style></head>
<body>
<h1>${escapeHtml(lab.title)} — feedback</h1>
<p class="sub">${escapeHtml(g.student)} · ${escapeHtml(lab.name)}</p>
<p class="total">${pointsText(g.total)} of ${pointsText(g.max)} points. ${escapeHtml(summaryLine(g.outcomes))}</p>
<h2>Checks</h2>
${table(visible)}
${hiddenPart}
${notes}
</body></html>
`;
}

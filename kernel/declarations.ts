/**
 * The declarations later cells are type-checked against, after a cell that failed at run time
 * or was interrupted. As in Python, what ran stays: a name whose declaration ran keeps its new
 * type; a name the cell declared but never reached keeps its earlier declaration (and value), or
 * does not exist if it is new. Types (interfaces, type aliases) need no run and always stay.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import type * as TS from "@tslab/typescript-for-tslab";

const ts = (): typeof TS => require("@tslab/typescript-for-tslab");

/** One top-level declaration of a .d.ts text, restricted to the names it binds. */
interface Decl {
  stmt: TS.Statement;
  /** Value names it binds (empty for a pure type declaration, always kept). */
  values: string[];
}

/**
 * The declarations to keep after a failed run: `next` (the failed cell's declarations, earlier
 * ones included) where `ran(name)` is true, else `prev`'s declaration of that name, if any.
 * @example survivingDeclarations("declare const a = 1;\n", "declare const a = 2;\ndeclare const b = 3;\n", (n) => false)
 *          // → "declare const a = 1;\n"
 */
export function survivingDeclarations(prev: string, next: string, ran: (name: string) => boolean): string {
  const t = ts();
  const prevFile = parse(prev);
  const nextFile = parse(next);
  const printer = t.createPrinter({ newLine: t.NewLineKind.LineFeed });
  const out: string[] = [];
  const fromPrev = new Set<string>();
  for (const d of declarations(nextFile)) {
    if (d.values.length === 0) {
      out.push(printer.printNode(t.EmitHint.Unspecified, d.stmt, nextFile));
      continue;
    }
    const keep = d.values.filter(ran);
    for (const name of d.values) if (!ran(name)) fromPrev.add(name);
    const stmt = keep.length > 0 ? restrict(d.stmt, (id) => keep.includes(id.text)) : undefined;
    if (stmt) out.push(printer.printNode(t.EmitHint.Unspecified, stmt, nextFile));
  }
  for (const d of declarations(prevFile)) {
    const keep = d.values.filter((n) => fromPrev.has(n));
    const stmt = keep.length > 0 ? restrict(d.stmt, (id) => keep.includes(id.text)) : undefined;
    if (stmt) out.push(printer.printNode(t.EmitHint.Unspecified, stmt, prevFile));
  }
  return out.map((s) => `${s}\n`).join("");
}

/**
 * Value names a .d.ts text declares (variables, functions, classes, enums, imports).
 * @example declaredValues("declare const a: number;\ninterface I {}\n") // → ["a"]
 */
export function declaredValues(dts: string): string[] {
  return declarations(parse(dts)).flatMap((d) => d.values);
}

function parse(dts: string): TS.SourceFile {
  const t = ts();
  return t.createSourceFile("decls.d.ts", dts, t.ScriptTarget.Latest, true, t.ScriptKind.TS);
}

function declarations(sf: TS.SourceFile): Decl[] {
  const t = ts();
  return sf.statements.map((stmt) => {
    if (t.isVariableStatement(stmt)) {
      const values = stmt.declarationList.declarations.flatMap((d) =>
        t.isIdentifier(d.name) ? [d.name.text] : [],
      );
      return { stmt, values };
    }
    if (t.isFunctionDeclaration(stmt) || t.isClassDeclaration(stmt) || t.isEnumDeclaration(stmt)) {
      return { stmt, values: stmt.name ? [stmt.name.text] : [] };
    }
    if (t.isImportDeclaration(stmt) && stmt.importClause && !stmt.importClause.isTypeOnly) {
      return { stmt, values: importNames(stmt.importClause) };
    }
    if (t.isImportEqualsDeclaration(stmt) && !stmt.isTypeOnly) return { stmt, values: [stmt.name.text] };
    return { stmt, values: [] };
  });
}

function importNames(clause: TS.ImportClause): string[] {
  const t = ts();
  const names = clause.name ? [clause.name.text] : [];
  const b = clause.namedBindings;
  if (b && t.isNamespaceImport(b)) names.push(b.name.text);
  if (b && t.isNamedImports(b)) for (const e of b.elements) if (!e.isTypeOnly) names.push(e.name.text);
  return names;
}

/**
 * A variable statement or import restricted to the names `has` accepts (type-only import
 * elements too when `keepTypeOnly`); undefined when an import would bind nothing. Other
 * statements come back as they are. Shared with the converter (converter-output.ts).
 * @example restrict(stmt, (id) => id.text === "a")
 */
export function restrict(
  stmt: TS.Statement,
  has: (id: TS.Identifier) => boolean,
  keepTypeOnly = true,
): TS.Statement | undefined {
  const t = ts();
  const f = t.factory;
  if (t.isVariableStatement(stmt)) {
    const decls = stmt.declarationList.declarations.filter((d) => t.isIdentifier(d.name) && has(d.name));
    return f.updateVariableStatement(
      stmt,
      stmt.modifiers,
      f.updateVariableDeclarationList(stmt.declarationList, decls),
    );
  }
  if (t.isImportDeclaration(stmt) && stmt.importClause) {
    const c = stmt.importClause;
    const name = c.name && has(c.name) ? c.name : undefined;
    let bindings = c.namedBindings;
    if (bindings && t.isNamespaceImport(bindings) && !has(bindings.name)) bindings = undefined;
    if (bindings && t.isNamedImports(bindings)) {
      const elements = bindings.elements.filter((e) => (keepTypeOnly && e.isTypeOnly) || has(e.name));
      bindings = elements.length > 0 ? f.updateNamedImports(bindings, elements) : undefined;
    }
    if (!name && !bindings) return undefined;
    return f.updateImportDeclaration(
      stmt,
      stmt.modifiers,
      f.updateImportClause(c, c.isTypeOnly, name, bindings),
      stmt.moduleSpecifier,
      stmt.assertClause,
    );
  }
  return stmt;
}

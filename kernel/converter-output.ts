/**
 * What the converter (converter.ts) does to a checked cell's output: the transformers that make a
 * cell's JavaScript read earlier cells' names from `exports` and keep its last expression's value,
 * the declarations of earlier cells that a cell leaves standing, and the CommonJS rewrite.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import type * as TS from "@tslab/typescript-for-tslab";
import { restrict } from "./declarations";

let loaded: typeof TS | undefined;
/** TypeScript, loaded on first use (require() costs a lookup on every call). */
const ts = (): typeof TS => (loaded ??= require("@tslab/typescript-for-tslab") as typeof TS);

/** The variable a cell's last expression is stored in: `tsLastExpr`, or the first free `tsLastExprN`. */
function lastExpressionName(taken: ReadonlySet<string>): string {
  if (!taken.has("tsLastExpr")) return "tsLastExpr";
  for (let i = 0; ; i++) if (!taken.has(`tsLastExpr${i}`)) return `tsLastExpr${i}`;
}

/**
 * The cell's transformers. On the JavaScript: a name declared by an earlier cell is read as
 * `exports.name` (cells share one `exports`), and a trailing expression statement becomes
 * `export const tsLastExpr = …` so the kernel can show its value. On the declarations: the
 * `export { … }` that made every name of the cell exported is dropped.
 */
export function cellTransformers(
  checker: TS.TypeChecker,
  declsFile: TS.SourceFile,
  locals: ReadonlySet<string>,
  onLastExpression: (name: string) => void,
): TS.CustomTransformers {
  const t = ts();
  const f = t.factory;
  const context = t.getNullTransformationContext();
  const fromEarlierCell = (id: TS.Identifier) =>
    (checker.getSymbolAtLocation(id)?.declarations ?? []).some((d) => d.getSourceFile() === declsFile);
  const readExports = (node: TS.Node): TS.Node => {
    if (!t.isIdentifier(node)) return t.visitEachChild(node, readExports, context);
    const isMemberName =
      node.parent && t.isPropertyAccessExpression(node.parent) && node.parent.name === node;
    if (isMemberName || !fromEarlierCell(node)) return node;
    return f.createPropertyAccessExpression(f.createIdentifier("exports"), node);
  };
  const keepLastValue = (file: TS.SourceFile): TS.SourceFile => {
    const stmts = file.statements;
    // the last statement that is not an `export { … }`, if it is an expression
    let i = stmts.length - 1;
    while (i >= 0 && t.isExportDeclaration(stmts[i])) i--;
    const last = stmts[i];
    if (!last || !t.isExpressionStatement(last)) return file;
    const name = lastExpressionName(locals);
    onLastExpression(name);
    const store = f.createVariableStatement(
      [f.createModifier(t.SyntaxKind.ExportKeyword)],
      f.createVariableDeclarationList(
        [f.createVariableDeclaration(name, undefined, undefined, last.expression)],
        t.NodeFlags.Const,
      ),
    );
    return f.updateSourceFile(file, [...stmts.slice(0, i), store, ...stmts.slice(i + 1)]);
  };
  return {
    after: [() => (file) => keepLastValue(t.visitEachChild(file, readExports, context))],
    afterDeclarations: [
      () => (file) =>
        t.isSourceFile(file)
          ? f.updateSourceFile(
              file,
              file.statements.filter((s) => !t.isExportDeclaration(s)),
            )
          : file,
    ],
  };
}

/** Whether a cell's symbol takes over an earlier declaration's value and/or type meaning. */
function overrides(
  checker: TS.TypeChecker,
  symbol: TS.Symbol | undefined,
): { value: boolean; type: boolean } {
  const t = ts();
  if (!symbol) return { value: false, type: false };
  const s = symbol.flags & t.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  return { value: (s.flags & t.SymbolFlags.Value) !== 0, type: (s.flags & t.SymbolFlags.Type) !== 0 };
}

/** The statement of `file` that holds `node`. */
function topStatement(node: TS.Node, file: TS.SourceFile): TS.Node {
  while (node.parent !== file) node = node.parent;
  return node;
}

/**
 * The earlier cells' declarations that stay after a cell: a name the cell declares again as a
 * value drops the earlier value, as a type the earlier type. A class or enum whose type is
 * redeclared but whose value is not stays as `let name: any`. Printed as a .d.ts text, in the
 * order of `declsFile`.
 */
export function remainingDeclarations(
  checker: TS.TypeChecker,
  cellFile: TS.SourceFile,
  declsFile: TS.SourceFile,
): string {
  const t = ts();
  const kept = new Map<TS.Node, Set<string>>(); // statement → the names it keeps
  const keep = (stmt: TS.Node, name: string) => kept.set(stmt, (kept.get(stmt) ?? new Set()).add(name));
  const values = new Set<string>(); // names kept as variables
  const asAny = new Set<string>(); // names that become `let name: any`
  const cellLocals = (cellFile as unknown as { locals?: TS.SymbolTable }).locals;
  const declLocals = (declsFile as unknown as { locals?: TS.SymbolTable }).locals;
  declLocals?.forEach((symbol, key) => {
    const name = key as string;
    const over = overrides(checker, cellLocals?.get(key));
    const value = !over.value;
    const type = !over.type;
    if (!value && !type) return;
    for (const decl of symbol.declarations ?? []) {
      const stmt = topStatement(decl, declsFile);
      if (t.isVariableStatement(stmt)) {
        if (value) {
          keep(stmt, name);
          asAny.delete(name);
          values.add(name);
        }
      } else if (t.isTypeAliasDeclaration(stmt) || t.isInterfaceDeclaration(stmt)) {
        if (type) keep(stmt, name);
      } else if (t.isFunctionDeclaration(stmt)) {
        if (value) keep(stmt, name);
      } else if (t.isClassDeclaration(stmt) || t.isEnumDeclaration(stmt)) {
        // both meanings or none: a class whose value was redeclared is forgotten
        if (type && value) keep(stmt, name);
        else if (!type && stmt.name && !values.has(stmt.name.text)) asAny.add(stmt.name.text);
      } else if (t.isImportDeclaration(stmt)) {
        keepImported(stmt, name, symbol, value, type);
      }
    }
  });

  function keepImported(
    stmt: TS.ImportDeclaration,
    name: string,
    s: TS.Symbol,
    value: boolean,
    type: boolean,
  ) {
    if (value && type) return keep(stmt, name);
    const target = checker.getAliasedSymbol(s);
    const isValue = (target.flags & t.SymbolFlags.Value) !== 0;
    const isType = (target.flags & t.SymbolFlags.Type) !== 0;
    if (!value) {
      // only the type meaning stays: an import of a value is dropped as a whole
      if (!isValue && target.flags !== 0) keep(stmt, name);
    } else if (isType) {
      // the type was redeclared: the value stays, untyped
      const targetName = target.escapedName as string;
      if (isValue && !values.has(targetName)) asAny.add(targetName);
    } else {
      keep(stmt, name);
    }
  }

  const statements = declsFile.statements.flatMap((stmt) => {
    const names = kept.get(stmt);
    // names come from the statement's own bindings, so an import always keeps one.
    return names ? [restrict(stmt, (id) => names.has(id.escapedText as string), false) ?? stmt] : [];
  });
  const printer = t.createPrinter({ newLine: t.NewLineKind.LineFeed });
  const text = printer.printFile(t.factory.updateSourceFile(declsFile, statements));
  return text + [...asAny].map((n) => `let ${n}: any;\n`).join("");
}

/** ES module JavaScript as CommonJS, for Node's `require` (the target stays). */
export function toCommonJS(js: string, target: TS.ScriptTarget): string {
  const t = ts();
  return t.transpileModule(js, {
    fileName: "cell.js",
    compilerOptions: {
      module: t.ModuleKind.CommonJS,
      esModuleInterop: true,
      target,
      newLine: t.NewLineKind.LineFeed,
      noImplicitUseStrict: true, // no "use strict" line
    },
  }).outputText;
}

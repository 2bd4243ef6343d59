/**
 * Makes a compiled cell interruptible and its declarations traceable. The JavaScript a cell
 * compiles to is rewritten so that:
 * - every loop body starts with `$dlab$.tick()`, every function body with `$dlab$.enter()`, and
 *   every `await` resumes through `$dlab$.resumed(…)`: the kernel's interrupt check, cheap when nothing is
 *   interrupted. It is how an endless loop after an `await`, a loop of microtasks or a timer-driven
 *   loop stops, and how code of an interrupted cell that a timer or promise calls later stops;
 * - TypeScript's `exports.a = exports.b = void 0;` preamble is dropped, so a name whose
 *   declaration never ran (the cell failed first) is not set, and an earlier cell's value of a
 *   re-declared name survives until the new declaration runs (see declarations.ts).
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import type * as TS from "@tslab/typescript-for-tslab";

const ts = (): typeof TS => require("@tslab/typescript-for-tslab");

/** The name of the runtime object the rewritten code calls (a parameter of the cell's wrapper). */
export const RUNTIME = "$dlab$";

/**
 * The cell's JavaScript, rewritten as described above.
 * @example instrument("while (true) {}") // → "while (true) {\n    $dlab$.tick();\n}\n"
 */
export function instrument(js: string): string {
  const t = ts();
  const f = t.factory;
  const source = t.createSourceFile("cell.js", js, t.ScriptTarget.Latest, true, t.ScriptKind.JS);
  const call = (method: "tick" | "enter" | "resumed", args: TS.Expression[] = []) =>
    f.createCallExpression(
      f.createPropertyAccessExpression(f.createIdentifier(RUNTIME), method),
      undefined,
      args,
    );
  const statement = (method: "tick" | "enter") => f.createExpressionStatement(call(method));
  const withTick = (body: TS.Statement, method: "tick" | "enter" = "tick"): TS.Block =>
    t.isBlock(body)
      ? f.updateBlock(body, [statement(method), ...body.statements])
      : f.createBlock([statement(method), body], true);

  const transformer: TS.TransformerFactory<TS.SourceFile> = (context) => {
    const visit = (node: TS.Node): TS.Node => {
      node = t.visitEachChild(node, visit, context);
      if (t.isAwaitExpression(node)) return call("resumed", [node]);
      if (t.isIterationStatement(node, false)) {
        const loop = node as TS.IterationStatement;
        return setStatement(loop, withTick(loop.statement));
      }
      if (
        (t.isFunctionDeclaration(node) ||
          t.isFunctionExpression(node) ||
          t.isMethodDeclaration(node) ||
          t.isConstructorDeclaration(node) ||
          t.isGetAccessorDeclaration(node) ||
          t.isSetAccessorDeclaration(node)) &&
        node.body
      ) {
        return setBody(node, withTick(node.body, "enter"));
      }
      if (t.isArrowFunction(node)) {
        const body = t.isBlock(node.body)
          ? withTick(node.body, "enter")
          : f.createBlock([statement("enter"), f.createReturnStatement(node.body)], true);
        return f.updateArrowFunction(
          node,
          node.modifiers,
          node.typeParameters,
          node.parameters,
          node.type,
          node.equalsGreaterThanToken,
          body,
        );
      }
      return node;
    };
    return (sf) => {
      // Only the preamble at the top (after the helpers and the __esModule marker).
      let top = 0;
      while (top < sf.statements.length && isHelper(sf.statements[top])) top++;
      let end = top;
      while (end < sf.statements.length && isExportsPreamble(sf.statements[end])) end++;
      const statements = [...sf.statements.slice(0, top), ...sf.statements.slice(end)];
      return t.visitEachChild(f.updateSourceFile(sf, statements), visit, context);
    };
  };
  const out = t.transform(source, [transformer]);
  try {
    return t.createPrinter({ newLine: t.NewLineKind.LineFeed }).printFile(out.transformed[0]);
  } finally {
    out.dispose();
  }
}

/** TypeScript's helpers (`var __importStar = …`) and `Object.defineProperty(exports, "__esModule", …)`. */
function isHelper(stmt: TS.Statement): boolean {
  const t = ts();
  if (t.isVariableStatement(stmt)) {
    return stmt.declarationList.declarations.every(
      (d) => t.isIdentifier(d.name) && d.name.text.startsWith("__"),
    );
  }
  return (
    t.isExpressionStatement(stmt) && /^Object\.defineProperty\(exports, "__esModule"/.test(stmt.getText())
  );
}

/** `exports.a = exports.b = … = void 0;`, as TypeScript's CommonJS output starts (50 names a statement). */
function isExportsPreamble(stmt: TS.Statement): boolean {
  const t = ts();
  if (!t.isExpressionStatement(stmt)) return false;
  let e: TS.Expression = stmt.expression;
  let targets = 0;
  while (t.isBinaryExpression(e) && e.operatorToken.kind === t.SyntaxKind.EqualsToken) {
    const left = e.left;
    if (!t.isPropertyAccessExpression(left) || !t.isIdentifier(left.expression)) return false;
    if (left.expression.text !== "exports") return false;
    targets++;
    e = e.right;
  }
  return targets > 0 && t.isVoidExpression(e);
}

function setStatement(loop: TS.IterationStatement, body: TS.Statement): TS.Statement {
  const f = ts().factory;
  const t = ts();
  if (t.isWhileStatement(loop)) return f.updateWhileStatement(loop, loop.expression, body);
  if (t.isDoStatement(loop)) return f.updateDoStatement(loop, body, loop.expression);
  if (t.isForStatement(loop))
    return f.updateForStatement(loop, loop.initializer, loop.condition, loop.incrementor, body);
  if (t.isForInStatement(loop)) return f.updateForInStatement(loop, loop.initializer, loop.expression, body);
  if (t.isForOfStatement(loop))
    return f.updateForOfStatement(loop, loop.awaitModifier, loop.initializer, loop.expression, body);
  return loop;
}

type WithBody =
  | TS.FunctionDeclaration
  | TS.FunctionExpression
  | TS.MethodDeclaration
  | TS.ConstructorDeclaration
  | TS.GetAccessorDeclaration
  | TS.SetAccessorDeclaration;

function setBody(node: WithBody, body: TS.Block): TS.Node {
  const t = ts();
  const f = t.factory;
  if (t.isFunctionDeclaration(node))
    return f.updateFunctionDeclaration(
      node,
      node.modifiers,
      node.asteriskToken,
      node.name,
      node.typeParameters,
      node.parameters,
      node.type,
      body,
    );
  if (t.isFunctionExpression(node))
    return f.updateFunctionExpression(
      node,
      node.modifiers,
      node.asteriskToken,
      node.name,
      node.typeParameters,
      node.parameters,
      node.type,
      body,
    );
  if (t.isMethodDeclaration(node))
    return f.updateMethodDeclaration(
      node,
      node.modifiers,
      node.asteriskToken,
      node.name,
      node.questionToken,
      node.typeParameters,
      node.parameters,
      node.type,
      body,
    );
  if (t.isConstructorDeclaration(node))
    return f.updateConstructorDeclaration(node, node.modifiers, node.parameters, body);
  if (t.isGetAccessorDeclaration(node))
    return f.updateGetAccessorDeclaration(node, node.modifiers, node.name, node.parameters, node.type, body);
  return f.updateSetAccessorDeclaration(node, node.modifiers, node.name, node.parameters, body);
}

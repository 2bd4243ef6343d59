/**
 * The kernel's TypeScript converter (it runs in the compiler thread): type-checks a cell against
 * the earlier cells' declarations and compiles it, with tslab's compiler options and results
 * (typescript-for-tslab: top-level await is a diagnostic we lift, and a cell's file has the
 * declarations file as parent, so it sees their names).
 *
 * Unlike tslab's converter (a watch program with a builder, rebuilt twice per cell) it keeps one
 * plain program and reuses it: every file read from disk is parsed once (files in node_modules
 * and TypeScript's libs are taken as unchanging; other files are re-read when their mtime
 * changes), module resolutions are cached, and a cell's program is built once, from the names a
 * standalone parse of the cell binds. Only the cell's own files are checked and emitted.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import { statSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import type * as TS from "@tslab/typescript-for-tslab";
import { cellTransformers, remainingDeclarations, toCommonJS } from "./converter-output";
import {
  complete as completeAt,
  type Completion,
  type Diagnostic,
  type DiagnosticContext,
  localNames,
  toDiagnostics,
} from "./converter-tools";

let loaded: typeof TS | undefined;
/** TypeScript, loaded on first use (require() costs a lookup on every call). */
const ts = (): typeof TS => (loaded ??= require("@tslab/typescript-for-tslab") as typeof TS);

/**
 * Parsed files that never change (node_modules, TypeScript's libs), by path: shared by every
 * converter of this thread (a compile server's converters, one per kernel, parse Node's and tfjs's
 * declarations once). Binding is the same in every program with the same options.
 */
const unchanging = new Map<string, TS.SourceFile>();

/** Prepended to the cell and the declarations, so that both are modules. */
export const PREFIX = "export {};\n";

/** A compiled cell (tslab's ConvertResult): `diagnostics` non-empty means nothing else is set. */
export interface Conversion {
  diagnostics: Diagnostic[];
  output?: string;
  declOutput?: string;
  lastExpressionVar?: string;
  hasToplevelAwait?: boolean;
  sideOutputs?: Array<{ path: string; data: string }>;
}

/** Paths as TypeScript writes them (forward slashes). */
const slashes = (p: string) => p.split(sep).join("/");

/** Compiler options: tslab's, for Node ≥ 18. */
function compilerOptions(cwd: string, typeRoots: string[]): TS.CompilerOptions {
  const t = ts();
  return {
    module: t.ModuleKind.ESNext, // dynamic import
    moduleResolution: t.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    target: t.ScriptTarget.ES2022,
    lib: ["lib.es2022.d.ts"],
    declaration: true,
    newLine: t.NewLineKind.LineFeed,
    noImplicitUseStrict: true,
    experimentalDecorators: true,
    resolveJsonModule: true,
    jsx: t.JsxEmit.React,
    typeRoots,
    allowJs: true,
    checkJs: true,
    disableTopLevelAwait: true, // typescript-for-tslab: a top-level await is reported, and we lift it
    skipLibCheck: true,
    rootDir: cwd,
    outDir: "outDir",
  } as TS.CompilerOptions;
}

/** The tslab package folder: `node_modules/tslab` of the notebook folder is read from there. */
const TSLAB_DIR = dirname(require.resolve("tslab/package.json"));

/** A converter for the notebook folder `cwd` (Node mode). */
export class Converter {
  readonly cwd: string;
  private readonly cellFile: string;
  private readonly declFile: string;
  /** In-memory files (cell, declarations, `@module` cells): text with PREFIX. */
  private readonly virtual = new Map<string, string>();
  private readonly roots: string[];
  /** Parsed files, with the mtime they were read at (undefined: never re-read). */
  private readonly files = new Map<string, { sf: TS.SourceFile; mtime?: number }>();
  /** The local files last emitted, so a file is emitted again only when it changed. */
  private readonly emitted = new Map<string, TS.SourceFile>();
  private readonly host: TS.CompilerHost;
  private readonly options: TS.CompilerOptions;
  private readonly resolutions: TS.ModuleResolutionCache;
  /** TypeScript's lib folder (its files never change). */
  private readonly libDir = slashes(dirname(ts().getDefaultLibFilePath({})));
  private program?: TS.Program;

  /** @param cwd the notebook folder. @example new Converter().convert("", "1 + 1").output */
  constructor(cwd = process.cwd()) {
    const t = ts();
    this.cwd = slashes(cwd);
    this.cellFile = `${this.cwd}/__tslab__.ts`;
    this.declFile = `${this.cwd}/__prev__.d.ts`;
    this.roots = [this.declFile, this.cellFile];
    const base = t.createCompilerHost({}, false);
    const real = (p: string) => this.forwardTslab(p);
    this.host = {
      ...base,
      getCurrentDirectory: () => this.cwd,
      useCaseSensitiveFileNames: () => true,
      getCanonicalFileName: (f) => f,
      fileExists: (f) => this.virtual.has(f) || t.sys.fileExists(real(f)),
      readFile: (f) => this.virtual.get(f) ?? t.sys.readFile(real(f)),
      directoryExists: (d) => t.sys.directoryExists(real(d)) || d === `${this.cwd}/node_modules`,
      getDirectories: (d) => t.sys.getDirectories(real(d)),
      realpath: (p) => (this.virtual.has(p) ? p : (t.sys.realpath?.(real(p)) ?? p)),
      getSourceFile: (f, lang) => this.sourceFile(f, lang),
      writeFile: () => {
        throw new Error("the converter writes no files");
      },
      resolveModuleNames: (names, containing, _reused, redirected, options) =>
        names.map(
          (n) =>
            t.resolveModuleName(n, containing, options, this.host, this.resolutions, redirected)
              .resolvedModule,
        ),
    };
    this.options = compilerOptions(this.cwd, this.typeRoots());
    this.options.types = this.globalTypes();
    this.virtual.set(this.declFile, PREFIX);
    this.virtual.set(this.cellFile, PREFIX);
    this.resolutions = t.createModuleResolutionCache(this.cwd, (f) => f, this.options);
  }

  /** Type-check and compile a cell after the declarations `prevDecl`. */
  convert(prevDecl: string, src: string): Conversion {
    const t = ts();
    const locals = localNames(PREFIX + src);
    const suffix = locals.size > 0 ? `\nexport {${[...locals].join(", ")}}` : "";
    const { program, cell, decls } = this.update(prevDecl, src + suffix);
    const deps = this.localDependencies(program, cell);
    const { diagnostics, hasToplevelAwait } = toDiagnostics(
      t.getPreEmitDiagnosticsOfFiles(program, [cell, ...deps]),
      this.diagnosticContext(cell),
    );
    if (diagnostics.length > 0) return { diagnostics };
    const checker = program.getTypeChecker();
    let output = "";
    let declOutput = "";
    let lastExpressionVar: string | undefined;
    const transformers = cellTransformers(checker, decls, locals, (n) => (lastExpressionVar = n));
    program.emit(
      cell,
      (name, data) => {
        if (name.endsWith(".d.ts")) declOutput = data;
        else if (name.endsWith(".js")) output = data;
      },
      undefined,
      false,
      transformers,
    );
    const sideOutputs = this.emitDependencies(program, deps);
    declOutput += remainingDeclarations(checker, cell, decls);
    return {
      output: toCommonJS(output, this.options.target!),
      declOutput,
      diagnostics,
      hasToplevelAwait,
      sideOutputs,
      lastExpressionVar,
    };
  }

  /** Register a `@module name` cell as the importable file `name.ts` (`.tsx` with jsx); its diagnostics. */
  addModule(name: string, content: string, jsx = false): Diagnostic[] {
    if (!/^\w+$/.test(name)) throw new Error("invalid module name: " + JSON.stringify(name));
    const path = `${this.cwd}/${name}.ts${jsx ? "x" : ""}`;
    this.virtual.set(path, PREFIX + content);
    if (!this.roots.includes(path)) this.roots.push(path);
    const program = this.build();
    const file = program.getSourceFile(path)!;
    return toDiagnostics(ts().getPreEmitDiagnostics(program, file), this.diagnosticContext(file)).diagnostics;
  }

  /** Completions at `position` of `src` (tslab's CompletionInfo without `original`). */
  complete(prevDecl: string, src: string, position: number): Completion {
    const { program, cell } = this.update(prevDecl, src);
    return completeAt(program, cell, position + PREFIX.length, PREFIX.length);
  }

  /** Type and doc comment at `position` of `src`, or undefined. */
  inspect(prevDecl: string, src: string, position: number): TS.QuickInfo | undefined {
    const t = ts();
    const { program, cell } = this.update(prevDecl, src);
    const never = { isCancellationRequested: () => false, throwIfCancellationRequested: () => {} };
    const info = t.getQuickInfoAtPosition(cell, program.getTypeChecker(), never, position + PREFIX.length);
    if (info?.textSpan) info.textSpan.start -= PREFIX.length;
    return info;
  }

  /** The program with this cell and these declarations; the cell file's parent is the declarations file. */
  private update(prevDecl: string, src: string) {
    this.virtual.set(this.declFile, PREFIX + prevDecl);
    this.virtual.set(this.cellFile, PREFIX + src);
    const program = this.build();
    const cell = program.getSourceFile(this.cellFile)!;
    const decls = program.getSourceFile(this.declFile)!;
    (cell as { parent: TS.Node }).parent = decls;
    program.getTypeChecker(); // binds the files: completion walks tokens' parents
    return { program, cell, decls };
  }

  private build(): TS.Program {
    const old = this.program;
    this.program = undefined; // the old program is only needed while the new one is built
    this.program = ts().createProgram([...this.roots], this.options, this.host, old); // a copy: TypeScript compares the old roots with it
    return this.program;
  }

  /** A parsed file: in-memory ones re-parsed when their text changed, disk ones when their mtime did. */
  private sourceFile(fileName: string, lang: TS.ScriptTarget | TS.CreateSourceFileOptions) {
    const t = ts();
    const cached = this.files.get(fileName);
    const text = this.virtual.get(fileName);
    if (text !== undefined) {
      if (cached?.sf.text === text) return cached.sf;
      const sf = t.createSourceFile(fileName, text, lang);
      this.files.set(fileName, { sf });
      return sf;
    }
    const fixed = fileName.includes("/node_modules/") || fileName.startsWith(this.libDir);
    if (fixed) {
      const known = unchanging.get(fileName);
      if (known) return known;
    }
    const mtime = fixed ? undefined : this.mtime(fileName);
    if (cached && cached.mtime === mtime) return cached.sf;
    const content = this.host.readFile(fileName);
    if (content === undefined) return undefined;
    const sf = t.createSourceFile(fileName, content, lang);
    if (fixed) unchanging.set(fileName, sf);
    else this.files.set(fileName, { sf, mtime });
    return sf;
  }

  private mtime(fileName: string): number | undefined {
    try {
      return statSync(this.forwardTslab(fileName)).mtimeMs;
    } catch {
      return undefined;
    }
  }

  /** The cell's local .ts/.js modules (not declaration files), imported directly or through each other. */
  private localDependencies(program: TS.Program, cell: TS.SourceFile): TS.SourceFile[] {
    const t = ts();
    const found = new Map<string, TS.SourceFile>();
    const visit = (sf: TS.SourceFile) => {
      const imports = (sf as { imports?: readonly TS.StringLiteralLike[] }).imports ?? [];
      for (const literal of imports) {
        const mode = t.getModeForUsageLocation(sf, literal);
        const resolved = (
          t as unknown as {
            getResolvedModule: (s: TS.SourceFile, n: string, m: unknown) => TS.ResolvedModuleFull | undefined;
          }
        ).getResolvedModule(sf, literal.text, mode);
        const dep = resolved && program.getSourceFile(resolved.resolvedFileName);
        const name = dep?.fileName ?? "";
        const local = name.endsWith(".js") || (name.endsWith(".ts") && !name.endsWith(".d.ts"));
        if (!dep || !local || found.has(name) || program.isSourceFileFromExternalLibrary(dep)) continue;
        found.set(name, dep);
        visit(dep);
      }
    };
    visit(cell);
    return [...found.values()];
  }

  /** CommonJS of the dependencies not emitted since they last changed, by path. */
  private emitDependencies(program: TS.Program, deps: TS.SourceFile[]) {
    const out: Array<{ path: string; data: string }> = [];
    for (const dep of deps) {
      if (this.emitted.get(dep.fileName) === dep) continue;
      this.emitted.set(dep.fileName, dep);
      program.emit(dep, (name, data) => {
        if (!name.endsWith(".js")) return;
        const rel = relative("outDir", name);
        if (rel.startsWith("..")) throw new Error("unexpected emit path: " + name);
        out.push({ path: slashes(join(this.cwd, rel)), data: toCommonJS(data, this.options.target!) });
      });
    }
    return out.length > 0 ? out.sort((a, b) => a.path.localeCompare(b.path)) : undefined;
  }

  /** Diagnostics name files relative to the notebook folder (none outside it); the cell has no name. */
  private diagnosticContext(cell: TS.SourceFile): DiagnosticContext {
    return {
      fileName: (f) => {
        if (f === this.cellFile) return undefined;
        const rel = relative(this.cwd, f);
        return rel.startsWith("..") ? null : rel;
      },
      prefixed: (f) => f !== this.declFile && this.virtual.has(f),
      isTopLevelAwait: (d) => this.isTopLevelAwait(cell, d),
    };
  }

  /** Whether a diagnostic is "await only in async functions" (1308) for an await outside any function. */
  private isTopLevelAwait(cell: TS.SourceFile, d: TS.Diagnostic): boolean {
    const t = ts();
    if (d.code !== 1308 || d.file !== cell || cell.fileName !== this.cellFile || d.start === undefined)
      return false;
    const token = t.findPrecedingToken(d.start + (d.length ?? 0), cell);
    if (!token || token.kind !== t.SyntaxKind.AwaitKeyword) return false;
    const scopes = [
      t.SyntaxKind.ArrowFunction,
      t.SyntaxKind.FunctionExpression,
      t.SyntaxKind.FunctionDeclaration,
      t.SyntaxKind.ClassDeclaration,
      t.SyntaxKind.ModuleDeclaration,
    ];
    for (let n: TS.Node | undefined = token.parent; n && n !== cell; n = n.parent)
      if (scopes.includes(n.kind)) return false;
    return true;
  }

  /** `<cwd>/node_modules/tslab/…` is read from the tslab package the kernel uses (notebooks need not install it). */
  private forwardTslab(p: string): string {
    const rel = relative(join(this.cwd, "node_modules", "tslab"), p);
    return rel.startsWith("..") ? p : slashes(join(TSLAB_DIR, rel));
  }

  /**
   * The `@types` packages whose globals cells see: Node's only (cells run in Node), not every
   * package of the type roots as TypeScript's default would (a workspace's `@types/react`,
   * `@types/d3-*` or `@types/chai` declare globals that do not exist in the kernel, and cost
   * ~30 MB and time in every program). Imported packages still get their `@types`.
   */
  private globalTypes(): string[] {
    const all = ts().getAutomaticTypeDirectiveNames(this.options, this.host);
    return all.filter((name) => name === "node");
  }

  /** The default type roots; tslab's own `@types` when none has `@types/node`. */
  private typeRoots(): string[] {
    const t = ts();
    const roots = t.getDefaultTypeRoots(this.cwd, this.host) ?? [];
    if (roots.some((r) => t.sys.fileExists(`${r}/node/package.json`))) return roots;
    return [...roots, slashes(join(TSLAB_DIR, "node_modules", "@types"))];
  }
}

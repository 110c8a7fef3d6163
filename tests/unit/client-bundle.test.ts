import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// What the browser downloads: every module a "use client" file reaches through value imports
// (type-only imports are erased by the compiler and cost nothing). Packages that are heavy or
// server-only must never be among them: zod (~35 KB gzipped; forms rely on the server's answer,
// docs/decisions/0013-no-zod-in-the-browser.md), a query library (the bell polls with a few
// lines of its own), and the database, auth and hashing libraries.

const ROOT = path.resolve(__dirname, "../..");
const FORBIDDEN = ["zod", "@tanstack/react-query", "drizzle-orm", "postgres", "@electric-sql/pglite", "next-auth", "@node-rs/argon2"];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(rel);
    return /\.tsx?$/.test(e.name) ? [rel] : [];
  });
}

const parse = (file: string) => ts.createSourceFile(file, fs.readFileSync(path.join(ROOT, file), "utf8"), ts.ScriptTarget.Latest, true);

function isClientModule(sf: ts.SourceFile): boolean {
  const first = sf.statements[0];
  return !!first && ts.isExpressionStatement(first) && ts.isStringLiteral(first.expression) && first.expression.text === "use client";
}

/** The specifiers a module imports or re-exports as values (what survives compilation). */
export function valueImports(sf: ts.SourceFile): string[] {
  const out: string[] = [];
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
      const clause = st.importClause;
      if (clause?.isTypeOnly) continue;
      const named = clause?.namedBindings;
      const onlyTypes = clause && !clause.name && named && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
      if (!onlyTypes) out.push(st.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(st) && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier)) {
      if (st.isTypeOnly) continue;
      const clause = st.exportClause;
      if (clause && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly)) continue;
      out.push(st.moduleSpecifier.text);
    }
  }
  return out;
}

/** A project file for a relative or `@/` specifier; the package's name for anything else. */
function resolve(from: string, spec: string): { file: string } | { pkg: string } {
  if (spec.startsWith(".") || spec.startsWith("@/")) {
    const base = spec.startsWith("@/") ? spec.slice(2) : path.join(path.dirname(from), spec);
    for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts"), path.join(base, "index.tsx")]) {
      if (fs.existsSync(path.join(ROOT, candidate)) && fs.statSync(path.join(ROOT, candidate)).isFile()) return { file: path.normalize(candidate) };
    }
    throw new Error(`${from}: cannot resolve ${spec}`);
  }
  const parts = spec.split("/");
  return { pkg: spec.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]! };
}

/** Every project file and package the client modules reach, with one path that reaches each. */
function clientGraph() {
  const roots = [...sourceFiles("app"), ...sourceFiles("components")].filter((f) => isClientModule(parse(f)));
  const via = new Map<string, string[]>();
  const packages = new Map<string, string[]>();
  const queue = roots.map((r) => [r]);
  for (const r of roots) via.set(r, [r]);
  while (queue.length) {
    const chain = queue.shift()!;
    const file = chain[chain.length - 1]!;
    for (const spec of valueImports(parse(file))) {
      const target = resolve(file, spec);
      if ("pkg" in target) {
        if (!packages.has(target.pkg)) packages.set(target.pkg, [...chain, spec]);
      } else if (!via.has(target.file) && /\.tsx?$/.test(target.file)) {
        via.set(target.file, [...chain, target.file]);
        queue.push([...chain, target.file]);
      }
    }
  }
  return { roots, files: via, packages };
}

describe("the JavaScript the browser loads", () => {
  const graph = clientGraph();

  it("starts from the app's client components and follows their imports", () => {
    // Not vacuous: the forms, the bell and the shell are client components, and the form
    // reaches the zod-free helpers it shares with the server.
    expect(graph.roots.length).toBeGreaterThan(20);
    expect(graph.roots).toContain(path.normalize("components/forms/action-form.tsx"));
    expect([...graph.files.keys()]).toContain(path.normalize("lib/form-data.ts"));
    expect([...graph.packages.keys()]).toContain("react");
  });

  it.each(FORBIDDEN)("never includes %s", (pkg) => {
    const chain = graph.packages.get(pkg);
    expect(chain ? `${pkg} reaches the browser through ${chain.join(" → ")}` : null).toBeNull();
  });

  it("never includes lib/validation or a module of schemas (they import zod)", () => {
    const schemaFiles = [...graph.files.keys()].filter((f) => f === path.normalize("lib/validation.ts") || /schemas?\.ts$|credentials-schema\.ts$/.test(f));
    expect(schemaFiles.map((f) => graph.files.get(f)!.join(" → "))).toEqual([]);
  });

  it("sees through type-only imports and follows value imports and re-exports", () => {
    const sf = ts.createSourceFile(
      "x.ts",
      [
        'import type { A } from "a";',
        'import { type B, type C } from "b";',
        'import { type D, e } from "c";',
        'import f from "d";',
        'import "e";',
        'export type { G } from "f";',
        'export { h } from "g";',
        'export * from "h";',
      ].join("\n"),
      ts.ScriptTarget.Latest,
      true,
    );
    expect(valueImports(sf)).toEqual(["c", "d", "e", "g", "h"]);
  });
});

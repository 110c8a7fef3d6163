import fs from "node:fs";
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import { ROLES } from "@/lib/permissions";

// One source for who may do what: outside lib/permissions.ts no code compares a role with a
// role name. The pages that show a button and the commands that check it ask the same
// capability or named rule instead. This scan and the ESLint rule (eslint.config.mjs) guard
// the same shapes from two sides: the scan reads every file, the rule names the line in editors.

const ROOT = path.resolve(__dirname, "../..");
const SCANNED = ["app", "components", "lib"];
const ALLOWED = new Set(["lib/permissions.ts"]);

const NAME = `["'\`](?:${ROLES.join("|")})["'\`]`;
const SHAPES: { what: string; re: RegExp }[] = [
  { what: "a comparison with a role name", re: new RegExp(`(?:===|!==|==|!=)\\s*${NAME}|${NAME}\\s*(?:===|!==|==|!=)`) },
  { what: "a list of role names asked for membership", re: new RegExp(`\\[[^\\]]*${NAME}[^\\]]*\\]\\s*\\)?\\s*\\.(?:includes|indexOf|has)\\(`) },
  { what: "a switch case on a role name", re: new RegExp(`\\bcase\\s+${NAME}\\s*:`) },
  { what: "a query filter on a role name", re: new RegExp(`\\b(?:eq|ne|inArray|notInArray)\\(\\s*[\\w.]*\\brole\\s*,\\s*\\[?[^)]*${NAME}`) },
  { what: "SQL comparing a role with a role name", re: new RegExp(`\\brole\\s*(?:=|<>|!=|in\\b)[^\`]*'(?:${ROLES.join("|")})'`) },
];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.posix.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(rel);
    return /\.(ts|tsx|mts|js|mjs)$/.test(e.name) ? [rel] : [];
  });
}

/** Every line of `text` that has one of the shapes, as "line: what". */
function findRoleLiterals(text: string): string[] {
  return text.split("\n").flatMap((line, i) => SHAPES.filter((s) => s.re.test(line)).map((s) => `${i + 1}: ${s.what}: ${line.trim()}`));
}

// One statement per line, each of a shape the guards refuse.
const SAMPLES = [
  `export const s1 = actor.role === "cco";`,
  `export const s2 = "head" !== actor.role;`,
  `export const s3 = ["cco", "executive", "head"].includes(actor.role);`,
  `export const s4 = new Set(["admin"]).has(role);`,
  `export function s5() { switch (role) { case "member": return 1; } return 0; }`,
  `export const s6 = and(eq(users.role, "admin"), eq(users.active, true));`,
  `export const s7 = inArray(users.role, ["head", "member"]);`,
  "export const s8 = sql`select id from users where role = 'cco'`;",
];
const PRELUDE = ["declare const actor: { role: string }, role: string, users: { role: string; active: boolean };", "declare function and(...a: unknown[]): unknown; declare function eq(...a: unknown[]): unknown; declare function inArray(...a: unknown[]): unknown; declare function sql(...a: unknown[]): unknown;"];

const HARMLESS = [
  `const r = role === "accountable";`, // a RACI role, not a user role
  `values({ email, name, role: "admin" })`, // a value written, not a comparison
  `if (can(actor.role, "users.manage")) show();`,
  `inArray(users.role, rolesWith("users.manage"))`,
];

describe("no literal role comparison outside lib/permissions.ts", () => {
  it("the scan recognises every shape it guards against, and not harmless code", () => {
    for (const s of SAMPLES) expect(findRoleLiterals(s), s).not.toEqual([]);
    for (const s of HARMLESS) expect(findRoleLiterals(s), s).toEqual([]);
  });

  it("app/, components/ and lib/ hold none", () => {
    const files = SCANNED.flatMap(sourceFiles);
    expect(files.length).toBeGreaterThan(100);
    expect(files).toContain("lib/permissions.ts");
    const found = files.filter((f) => !ALLOWED.has(f)).flatMap((f) => findRoleLiterals(fs.readFileSync(path.join(ROOT, f), "utf8")).map((hit) => `${f}:${hit}`));
    expect(found).toEqual([]);
  });

  it("the ESLint rule refuses the same shapes in app/, components/ and lib/, but not in lib/permissions.ts", { timeout: 30_000 }, async () => {
    const eslint = new ESLint({ cwd: ROOT });
    const body = [...PRELUDE, ...SAMPLES].join("\n");
    const sampleLines = SAMPLES.map((_, i) => PRELUDE.length + i + 1);
    for (const filePath of ["lib/zz-sample.ts", "app/zz-sample.tsx", "components/zz-sample.tsx"]) {
      const [result] = await eslint.lintText(body, { filePath: path.join(ROOT, filePath) });
      const lines = new Set(result!.messages.filter((m) => m.ruleId === "no-restricted-syntax").map((m) => m.line));
      expect([...lines].sort((a, b) => a - b), filePath).toEqual(sampleLines);
    }
    const [table] = await eslint.lintText(body, { filePath: path.join(ROOT, "lib/permissions.ts") });
    expect(table!.messages.filter((m) => m.ruleId === "no-restricted-syntax")).toEqual([]);
  });
});

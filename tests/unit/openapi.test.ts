import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "@/lib/api/openapi";
import { OPERATIONS, type ApiOperation } from "@/lib/api/operations";

const ROOT = path.resolve(__dirname, "../../app/api/v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Every route handler under app/api/v1: its OpenAPI path and the methods its file exports. */
function routeHandlers(): { path: string; method: string }[] {
  const out: { path: string; method: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts") {
        const rel = path.relative(ROOT, dir).split(path.sep).filter(Boolean).map((s) => s.replace(/^\[(\w+)\]$/, "{$1}"));
        const text = fs.readFileSync(full, "utf8");
        for (const m of METHODS) if (new RegExp(`export (const|async function|function) ${m}\\b`).test(text)) out.push({ path: `/api/v1/${rel.join("/")}`, method: m });
      }
    }
  };
  walk(ROOT);
  return out;
}

const doc = openApiDocument() as unknown as { openapi: string; paths: Record<string, Record<string, unknown>> };
const DOCUMENT_ITSELF = "/api/v1/openapi.json";

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1", () => {
    expect(doc.openapi).toBe("3.1.0");
  });

  it("describes every route handler under app/api/v1 (the document's own address aside)", () => {
    const handlers = routeHandlers().filter((h) => h.path !== DOCUMENT_ITSELF);
    expect(handlers.length).toBeGreaterThanOrEqual(15);
    for (const h of handlers) expect(doc.paths[h.path]?.[h.method.toLowerCase()], `${h.method} ${h.path}`).toBeDefined();
    // …and nothing that does not run: every documented operation has its handler.
    const documented = Object.entries(doc.paths).flatMap(([p, ms]) => Object.keys(ms).map((m) => `${m.toUpperCase()} ${p}`));
    expect(documented.sort()).toEqual(handlers.map((h) => `${h.method} ${h.path}`).sort());
  });

  it("every example validates against the schema that checks the request", () => {
    const withBodies = (Object.values(OPERATIONS) as ApiOperation[]).filter((o) => o.body);
    expect(withBodies.length).toBeGreaterThanOrEqual(4);
    for (const o of withBodies) {
      expect(o.example, `${o.id} has an example`).toBeDefined();
      const parsed = o.body!.safeParse(o.example);
      expect(parsed.success, `${o.id}: ${parsed.success ? "" : JSON.stringify(parsed.error.issues)}`).toBe(true);
      const media = (doc.paths[`/api/v1${o.path}`]![o.method.toLowerCase()] as { requestBody: { content: Record<string, { example: unknown }> } }).requestBody.content["application/json"]!;
      expect(media.example).toEqual(o.example);
    }
  });

  it("every operation names a capability of the permission table and documents its problem answers", () => {
    for (const o of Object.values(OPERATIONS) as ApiOperation[]) {
      const d = doc.paths[`/api/v1${o.path}`]![o.method.toLowerCase()] as { responses: Record<string, unknown>; security: unknown };
      expect(Object.keys(d.responses)).toEqual(expect.arrayContaining(["401", "403", "429"]));
      expect(d.security).toEqual([{ bearer: [] }]);
    }
  });
});

import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardTitle, PageHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { TryOperation } from "@/components/api-tokens/try-operation";
import { openApiDocument } from "@/lib/api/openapi";
import { OPERATIONS, type ApiOperation } from "@/lib/api/operations";
import { STATUS_OF } from "@/lib/api/problem";
import { requireUser } from "@/lib/auth/guard";
import { env } from "@/lib/env";
import { ERROR_KIND_MEANINGS, ERROR_KINDS } from "@/lib/errors";

export const metadata: Metadata = { title: "REST API reference" };
export const dynamic = "force-dynamic";

type Param = { name: string; in: string; required?: boolean; description?: string; schema?: Record<string, unknown> };
type Operation = { summary?: string; description?: string; parameters?: Param[]; requestBody?: { content: Record<string, { schema: unknown; example?: unknown }> }; responses: Record<string, { description: string }> };

const schemaText = (s: Record<string, unknown> | undefined) => {
  if (!s) return "";
  const type = Array.isArray(s.type) ? s.type.join(" | ") : String(s.type ?? "");
  const extra = Array.isArray(s.enum) ? `: ${s.enum.join(", ")}` : s.format ? ` (${String(s.format)})` : "";
  return `${type}${extra}`;
};

/** The OpenAPI document read as a page: every operation with its parameters, body schema and example, and a form to try it with a token. */
export default async function ApiReferencePage() {
  await requireUser();
  const doc = openApiDocument() as unknown as { paths: Record<string, Record<string, Operation>> };
  const ops = Object.values(OPERATIONS) as ApiOperation[];
  return (
    <>
      <PageHeader
        title="REST API reference"
        description={
          <>
            Version 1. The machine-readable document is <a className="underline" href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1). Create a token on <Link className="underline" href="/account">your account page</Link>.
          </>
        }
      />
      <Card aria-labelledby="basics" className="space-y-3 text-sm">
        <CardTitle id="basics">Calling the API</CardTitle>
        <p>Send the token in every request. Lists answer <code>{"{ data, total, nextCursor }"}</code>: pass <code>nextCursor</code> as <code>cursor</code> for the next page (same filters), <code>limit</code> sets the page size (1–100). Each token may make {env.API_RATE_LIMIT_PER_MINUTE} requests a minute; past that the answer is 429 with <code>Retry-After</code>.</p>
        <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">{`curl -H "Authorization: Bearer $THROUGHLINE_TOKEN" \\
  "$THROUGHLINE_URL/api/v1/journeys?limit=10"`}</pre>
      </Card>
      <Card aria-labelledby="problems" className="mt-6 space-y-3 text-sm">
        <CardTitle id="problems">Errors</CardTitle>
        <p>Every refusal is <code>application/problem+json</code>: <code>type</code>, <code>title</code>, <code>status</code>, <code>detail</code>, the app&apos;s <code>code</code>, and <code>errors</code> (each field&apos;s problems). Branch on <code>code</code>.</p>
        <Table caption="Error codes">
          <thead>
            <tr>
              <Th>code</Th>
              <Th>status</Th>
              <Th>meaning</Th>
            </tr>
          </thead>
          <tbody>
            {ERROR_KINDS.map((k) => (
              <tr key={k} id={`problem-${k}`} className="border-t border-slate-100">
                <Td className="font-mono">{k}</Td>
                <Td>{k === "invalid" ? "400, 413, 415" : STATUS_OF[k]}</Td>
                <Td>{ERROR_KIND_MEANINGS[k]}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
      {ops.map((o) => {
        const path = `/api/v1${o.path}`;
        const d = doc.paths[path]?.[o.method.toLowerCase()];
        if (!d) return null;
        const body = d.requestBody?.content["application/json"];
        return (
          <Card key={o.id} aria-labelledby={`op-${o.id}`} className="mt-6 space-y-3 text-sm">
            <h2 id={`op-${o.id}`} className="break-words font-mono text-base font-semibold">
              <span className="mr-2 rounded bg-slate-200 px-1.5 py-0.5 text-xs">{o.method}</span>
              {path}
            </h2>
            <p className="font-medium">{d.summary}</p>
            <p className="text-slate-700">{d.description}</p>
            {d.parameters?.length ? (
              // A list, not a table: each parameter's name, place and type stack on a phone.
              <dl aria-label={`Parameters of ${o.method} ${path}`} className="divide-y divide-slate-100 rounded-lg border border-slate-200">
                {d.parameters.map((p) => (
                  <div key={`${p.in}-${p.name}`} className="px-3 py-2">
                    <dt className="break-words font-mono">
                      {p.name}
                      {p.required ? " *" : ""} <span className="font-sans text-xs text-slate-600">in {p.in} · <span className="break-words font-mono">{schemaText(p.schema)}</span></span>
                    </dt>
                    {p.description ? <dd className="mt-0.5 text-slate-700">{p.description}</dd> : null}
                  </div>
                ))}
              </dl>
            ) : null}
            {body ? (
              <details>
                <summary className="cursor-pointer font-medium">Request body schema</summary>
                <pre className="mt-2 max-h-80 overflow-auto rounded-md bg-slate-50 p-3 text-xs">{JSON.stringify(body.schema, null, 2)}</pre>
              </details>
            ) : null}
            <p className="text-slate-700">Answers: {Object.entries(d.responses).map(([code, r]) => `${code} ${r.description}`).join(" · ")}</p>
            <TryOperation method={o.method} path={path} pathParams={(d.parameters ?? []).filter((p) => p.in === "path").map((p) => p.name)} example={body?.example === undefined ? null : JSON.stringify(body.example, null, 2)} />
          </Card>
        );
      })}
    </>
  );
}

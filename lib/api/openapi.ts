import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { ERROR_KIND_MEANINGS, ERROR_KINDS } from "@/lib/errors";
import { env } from "@/lib/env";
import { OPERATIONS, type ApiOperation } from "./operations";
import { problemSchema, STATUS_OF } from "./problem";
import { API_BODY_LIMIT, limitText } from "./route";

// The OpenAPI 3.1 document of REST API v1, generated from the operations list and its zod
// schemas (lib/api/operations.ts): the schemas that validate each request are the ones described.

const problemContent = { "application/problem+json": { schema: problemSchema } };

function errorResponses(o: ApiOperation) {
  const out: Record<string, ResponseConfig> = {
    "401": { description: "No token, or not a live one.", content: problemContent },
    "403": { description: "The token may not do this (role, read-only or scopes).", content: problemContent },
    "429": { description: "The token's requests this minute passed the limit; see Retry-After.", content: problemContent, headers: { "Retry-After": { description: "Seconds until the next window.", schema: { type: "integer" } } } },
    "503": { description: "The database is unavailable; try again.", content: problemContent },
  };
  if (o.query || o.body) out["400"] = { description: "Invalid input: `errors` names every field and its problem.", content: problemContent };
  if (o.params) out["404"] = { description: "No such item.", content: problemContent };
  if (o.write) {
    out["409"] = { description: "The current state does not allow it, or someone changed it at the same moment.", content: problemContent };
    out["413"] = { description: `The body is larger than ${limitText(o.bodyLimit ?? API_BODY_LIMIT)}.`, content: problemContent };
    out["415"] = { description: "The body is not sent as application/json.", content: problemContent };
  }
  return out;
}

const idempotencyHeader = z.object({
  "Idempotency-Key": z.string().min(1).max(200).optional().describe("A key new for each new request: a retry with the same key and body answers the first response and writes nothing again."),
});

export function openApiDocument() {
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer", description: "An API token (tl_…), created on the account page (personal) or by an admin (service)." });
  for (const o of Object.values(OPERATIONS) as ApiOperation[]) {
    registry.registerPath({
      method: o.method.toLowerCase() as "get" | "post",
      path: `/api/v1${o.path}`,
      operationId: o.id,
      summary: o.summary,
      description: `${o.description ? `${o.description}\n\n` : ""}Needs the capability \`${o.capability}\`${o.write ? " and a token that may write (a personal token that is not read-only)" : ""}.`,
      tags: [o.tag],
      security: [{ bearer: [] }],
      request: {
        ...(o.params ? { params: o.params as z.ZodObject } : {}),
        ...(o.query ? { query: o.query as z.ZodObject } : {}),
        ...(o.idempotent ? { headers: idempotencyHeader } : {}),
        ...(o.body ? { body: { required: true, content: { "application/json": { schema: o.body, ...(o.example !== undefined ? { example: o.example } : {}) } } } } : {}),
      },
      responses: {
        [String(o.status ?? 200)]: { description: "Success.", content: { "application/json": { schema: o.response } } },
        ...errorResponses(o),
      },
    });
  }
  const generator = new OpenApiGeneratorV31(registry.definitions);
  return generator.generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Throughline REST API",
      version: "1.0.0",
      description:
        `Every call sends \`Authorization: Bearer <token>\`. Errors are \`application/problem+json\` with the app's \`code\`: ` +
        ERROR_KINDS.map((k) => `\`${k}\` (${STATUS_OF[k]}): ${ERROR_KIND_MEANINGS[k]}`).join(" ") +
        ` Lists return \`{ data, total, nextCursor }\`; pass \`nextCursor\` as \`cursor\` for the next page. Each token may make ${env.API_RATE_LIMIT_PER_MINUTE} requests a minute.`,
    },
    servers: [{ url: "/" }],
  });
}

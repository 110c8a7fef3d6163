import { z } from "zod";
import { authenticateToken, countApiRequest, type ApiPrincipal } from "@/lib/api-tokens/authenticate";
import { withApiToken } from "@/lib/audit/context";
import { CONCURRENT_CHANGE_ERROR, isDomainError } from "@/lib/errors";
import { tokenMay } from "@/lib/permissions";
import { isConcurrencyFailure } from "@/lib/tx";
import { DATABASE_TIMEOUT_MESSAGE, DATABASE_UNAVAILABLE_MESSAGE, isDatabaseTimeout, isDatabaseUnavailable } from "@/lib/unavailable";
import { zodFieldErrors } from "@/lib/validation";
import type { ApiOperation } from "./operations";
import { problem } from "./problem";

/** The largest JSON body the API reads (unless the operation sets its own); a larger one is refused with 413 before it is parsed. */
export const API_BODY_LIMIT = 64 * 1024;
export const limitText = (bytes: number) => (bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MB` : `${bytes / 1024} KB`);

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

/** The request itself comes too, for an operation that reads a header (Idempotency-Key). */
export type ApiCall<P, Q, B> = { principal: ApiPrincipal; params: P; query: Q; body: B; request: Request; rawBody: unknown };

/** A handler's answer with its own status and headers (an idempotent replay), instead of data. */
export class ApiAnswer {
  constructor(
    readonly data: unknown,
    readonly status: number,
    readonly headers: Record<string, string> = {},
  ) {}
}

const json = (data: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(data), { status, headers: { "content-type": "application/json", "cache-control": "no-store", ...headers } });

/** The bearer secret of an `Authorization: Bearer …` header, if any. */
export function bearerSecret(request: Request): string | null {
  const header = request.headers.get("authorization");
  const m = header ? /^Bearer[ ]+(\S+)\s*$/i.exec(header) : null;
  return m ? m[1]! : null;
}

async function readJsonBody(request: Request, limit: number): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)) {
    return { ok: false, response: problem("invalid", "Send the body as JSON, with the header Content-Type: application/json.", { status: 415 }) };
  }
  const declared = request.headers.get("content-length");
  const tooLarge = () => problem("invalid", `The body is larger than ${limitText(limit)}, so it was not read and nothing was saved.`, { status: 413 });
  if (declared && /^\d+$/.test(declared) && Number(declared) > limit) return { ok: false, response: tooLarge() };
  let bytes: ArrayBuffer;
  try {
    bytes = await request.arrayBuffer();
  } catch {
    return { ok: false, response: problem("invalid", "The body could not be read, so nothing was saved.") };
  }
  if (bytes.byteLength > limit) return { ok: false, response: tooLarge() };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, response: problem("invalid", "The body is not UTF-8 text, so nothing was saved.") };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, response: problem("invalid", "The body is not valid JSON, so nothing was saved.", { errors: { _body: ["The body is not valid JSON."] } }) };
  }
}

function queryObject(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    out[key] = all.length === 1 ? all[0]! : all;
  }
  return out;
}

/**
 * The one wrapper every REST API route handler goes through, in this order: who is calling
 * (a bearer token, re-read from the database), the rate limit of that token, may it use the
 * operation's capability at all (lib/permissions tokenMay: the same table as the UI), the path,
 * query and body against the operation's zod schemas (every field error); then the handler,
 * which calls the same lib/ queries and commands as the UI, inside the token's audit context.
 * Every refusal is a problem+json answer; a fault of ours is a 500 without its text.
 */
export function apiRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  op: ApiOperation<P, Q, B>,
  handler: (call: ApiCall<z.output<P>, z.output<Q>, z.output<B>>) => Promise<unknown>,
) {
  return async function route(request: Request, context: RouteContext): Promise<Response> {
    try {
      const secret = bearerSecret(request);
      const challenge = { "www-authenticate": 'Bearer realm="throughline"' };
      if (!secret) return problem("unauthenticated", "Send an API token: Authorization: Bearer tl_…", { headers: challenge });
      const principal = await authenticateToken(secret);
      if (!principal) return problem("unauthenticated", "This API token is not valid: it is unknown, revoked or expired, or its user is deactivated.", { headers: { "www-authenticate": 'Bearer realm="throughline", error="invalid_token"' } });

      const rate = await countApiRequest(principal.tokenId);
      if (!rate.allowed) {
        return problem("rate_limited", `This token made more than ${rate.limit} requests this minute. Try again in ${rate.retryAfterSeconds} s.`, {
          headers: { "retry-after": String(rate.retryAfterSeconds), "ratelimit-limit": String(rate.limit), "ratelimit-remaining": "0" },
        });
      }
      const rateHeaders = { "ratelimit-limit": String(rate.limit), "ratelimit-remaining": String(rate.remaining), "ratelimit-reset": String(rate.resetSeconds) };

      if (!tokenMay(principal.grant, op.capability, { write: op.write })) {
        const why = op.write && principal.grant.kind === "personal" && principal.grant.readOnly ? "This token is read-only." : principal.grant.kind === "service" ? "This service token's scopes do not allow this." : "Your role may not do this.";
        return problem("forbidden", why, { headers: rateHeaders });
      }

      const rawParams = (await context?.params) ?? {};
      const params = (op.params ?? z.object({})).safeParse(rawParams);
      if (!params.success) return problem("not_found", `${op.notFound ?? "That item"} was not found.`, { headers: rateHeaders });

      const query = (op.query ?? z.object({})).safeParse(queryObject(new URL(request.url)));
      if (!query.success) return problem("invalid", "Please correct the query parameters.", { errors: zodFieldErrors(query.error), headers: rateHeaders });

      let body: unknown = undefined;
      let rawBody: unknown = undefined;
      if (op.body) {
        const read = await readJsonBody(request, op.bodyLimit ?? API_BODY_LIMIT);
        if (!read.ok) return read.response;
        if (Object.prototype.toString.call(read.value) !== "[object Object]") return problem("invalid", "Send a JSON object of fields.", { errors: { _body: ["Send a JSON object of fields."] }, headers: rateHeaders });
        rawBody = read.value;
        const parsed = (op.bodyParser ?? op.body).safeParse(read.value);
        if (!parsed.success) return problem("invalid", "Please correct the highlighted fields.", { errors: zodFieldErrors(parsed.error), headers: rateHeaders });
        body = parsed.data;
      }

      const data = await withApiToken(principal.tokenId, () => handler({ principal, params: params.data as z.output<P>, query: query.data as z.output<Q>, body: body as z.output<B>, request, rawBody }));
      if (data instanceof ApiAnswer) return json(data.data, data.status, { ...rateHeaders, ...data.headers });
      return json(data, op.status ?? 200, rateHeaders);
    } catch (error) {
      if (isDomainError(error)) return problem(error.kind, error.message, { errors: error.fieldErrors });
      if (isConcurrencyFailure(error)) return problem("conflict", CONCURRENT_CHANGE_ERROR);
      if (isDatabaseUnavailable(error)) return problem("unavailable", DATABASE_UNAVAILABLE_MESSAGE, { headers: { "retry-after": "5" } });
      if (isDatabaseTimeout(error)) {
        console.warn(`[api] ${op.method} ${op.path} statement stopped by the statement timeout (57014)`);
        return problem("unavailable", DATABASE_TIMEOUT_MESSAGE, { headers: { "retry-after": "5" } });
      }
      console.error(`[api] ${op.method} ${op.path} unexpected error`, error);
      return problem("unavailable", "Something went wrong on our side and nothing was saved. Please try again.", { status: 500 });
    }
  };
}

import { encodeKeysetCursor, keysetPagingOf } from "@/lib/api/cursor";
import { OPERATIONS } from "@/lib/api/operations";
import { ApiAnswer, apiRoute } from "@/lib/api/route";
import { getTimeZone } from "@/lib/settings";
import { recordSignalBatch, recordSignalIdempotently, requestHash, type IdempotencyClaim } from "@/lib/signals/commands";
import { listSignals } from "@/lib/signals/queries";
import { isBatch } from "@/lib/signals/schemas";
import { invalid } from "@/lib/errors";

export const dynamic = "force-dynamic";

const KEY = /^[\x21-\x7e]{1,200}$/;

export const POST = apiRoute(OPERATIONS.recordSignals, async ({ principal, body, request, rawBody }) => {
  const key = request.headers.get("idempotency-key");
  let idempotency: IdempotencyClaim | undefined;
  if (key !== null) {
    if (!KEY.test(key)) throw invalid("The Idempotency-Key header must be 1 to 200 visible ASCII characters, without spaces.", { "Idempotency-Key": ["Use 1 to 200 visible ASCII characters, such as a UUID."] });
    // The hash is of the body as sent (parsed JSON), so the same request retried matches.
    idempotency = { tokenId: principal.tokenId, key, operation: OPERATIONS.recordSignals.id, requestHash: requestHash(OPERATIONS.recordSignals.id, rawBody) };
  }
  const result = isBatch(body)
    ? await recordSignalBatch({ actor: principal.actor, input: body, idempotency })
    : await recordSignalIdempotently({ actor: principal.actor, input: body, idempotency });
  return new ApiAnswer(result.data, result.status, result.replayed ? { "idempotent-replayed": "true" } : {});
});

export const GET = apiRoute(OPERATIONS.listSignals, async ({ principal, query }) => {
  const { cursor, limit, ...filter } = query;
  // A keyset cursor: a million signals read page by page cost the same at the end as at the start.
  const paging = keysetPagingOf({ cursor, limit }, filter);
  const page = await listSignals({ actor: principal.actor, filter, timeZone: await getTimeZone(), after: paging.after, limit: paging.perPage });
  return { data: page.rows, total: page.total, nextCursor: page.next ? encodeKeysetCursor(page.next, paging.perPage, filter) : null };
});


import { openApiDocument } from "@/lib/api/openapi";

export const dynamic = "force-dynamic";

/** The OpenAPI 3.1 document of REST API v1: public, like any API's documentation (it holds no data). */
export async function GET() {
  return new Response(JSON.stringify(openApiDocument()), { headers: { "content-type": "application/json", "cache-control": "no-store" } });
}

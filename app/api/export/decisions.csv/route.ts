import { decisionLogFilterSchema } from "@/lib/disputes/schemas";
import { decisionsCsv, exportResponse } from "@/lib/exports";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const filter = decisionLogFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return exportResponse((actor) => decisionsCsv(actor, filter));
}

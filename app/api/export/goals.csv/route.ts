import { exportResponse, goalExportFilterSchema, goalsCsv } from "@/lib/exports";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const filter = goalExportFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return exportResponse((actor) => goalsCsv(actor, filter));
}

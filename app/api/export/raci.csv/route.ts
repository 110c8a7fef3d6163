import { dashboardFilterSchema } from "@/lib/dashboard/queries";
import { exportResponse, raciCsv } from "@/lib/exports";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const filter = dashboardFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return exportResponse((actor) => raciCsv(actor, filter));
}

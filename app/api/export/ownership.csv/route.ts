import { exportResponse, ownershipCsv } from "@/lib/exports";

export const dynamic = "force-dynamic";

/** Who was accountable for every stage on ?date=YYYY-MM-DD (with the dashboard's journey and department filters). */
export async function GET(request: Request) {
  const input = Object.fromEntries(new URL(request.url).searchParams);
  return exportResponse((actor) => ownershipCsv(actor, input));
}

import { NextResponse } from "next/server";
import { currentUser } from "@/lib/auth/current-user";
import { dashboardFilterSchema } from "@/lib/dashboard/queries";
import { csvResponse } from "@/lib/exports/csv";
import { raciCsv } from "@/lib/exports";
import { answerUnavailable } from "@/lib/unavailable";

export const dynamic = "force-dynamic";

// 503 with "try again" while the database is away, not a 500.
export const GET = answerUnavailable(async function GET(request: Request) {
  const actor = await currentUser();
  if (!actor) return NextResponse.json({ error: "Sign in to download exports." }, { status: 401 });
  const { filename, body } = await raciCsv(actor, dashboardFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams)));
  return csvResponse(filename, body);
});

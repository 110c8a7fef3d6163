import { NextResponse } from "next/server";
import { currentUser } from "@/lib/auth/current-user";
import { listMyNotifications } from "@/lib/notifications";
import { answerUnavailable } from "@/lib/unavailable";

export const dynamic = "force-dynamic";

/** The signed-in user's notifications, for the bell. Nobody can read another person's. 503 while the database is away. */
export const GET = answerUnavailable(async function GET() {
  const actor = await currentUser();
  if (!actor) return NextResponse.json({ error: "Sign in to see notifications." }, { status: 401 });
  return NextResponse.json(await listMyNotifications(actor), { headers: { "cache-control": "no-store" } });
});

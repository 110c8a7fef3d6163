import { NextResponse, type NextRequest } from "next/server";
import { currentUser } from "@/lib/auth/current-user";
import { listAssignablePeople } from "@/lib/journeys/queries";
import { mayPickAccountablePerson } from "@/lib/ownership/rules";
import { answerUnavailable } from "@/lib/unavailable";
import { isUuid } from "@/lib/validation";

export const dynamic = "force-dynamic";

/**
 * The active people of one department who can be made accountable for a stage, for the
 * assignment and decision forms: they load a department's people when it is chosen instead of
 * carrying the whole company's. Only those who may pick the accountable person may ask.
 */
export const GET = answerUnavailable(async function GET(request: NextRequest) {
  const actor = await currentUser();
  if (!actor) return NextResponse.json({ error: "Sign in to see people." }, { status: 401 });
  if (!mayPickAccountablePerson(actor)) return NextResponse.json({ error: "You cannot choose who is accountable for a stage." }, { status: 403 });
  const departmentId = request.nextUrl.searchParams.getAll("departmentId");
  if (departmentId.length !== 1 || !isUuid(departmentId[0]!)) return NextResponse.json({ error: "Give one department (departmentId)." }, { status: 400 });
  const people = await listAssignablePeople({ actor, departmentId: departmentId[0]!.toLowerCase() });
  return NextResponse.json(people, { headers: { "cache-control": "no-store" } });
});

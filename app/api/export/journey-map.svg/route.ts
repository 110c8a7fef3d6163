import { currentUser } from "@/lib/auth/current-user";
import { isDomainError } from "@/lib/errors";
import { getJourneyCanvas } from "@/lib/journeys/canvas";
import { canvasSvg } from "@/lib/journeys/canvas-model";
import { getTimeZone } from "@/lib/settings";
import { formatDateTime } from "@/lib/time-format";
import { isUuid } from "@/lib/validation";
import { answerUnavailable } from "@/lib/unavailable";

export const dynamic = "force-dynamic";

/** A journey's canvas as an SVG file (the browser turns it into a PNG for "Download PNG"). */
export const GET = answerUnavailable(async function GET(request: Request) {
  const actor = await currentUser();
  if (!actor) return Response.json({ error: "Sign in to download the journey map." }, { status: 401 });
  const journeyId = new URL(request.url).searchParams.get("journeyId") ?? "";
  if (!isUuid(journeyId)) return Response.json({ error: "Choose a journey: journeyId must be a journey's id.", fieldErrors: { journeyId: ["Choose a journey."] } }, { status: 400 });
  try {
    const timeZone = await getTimeZone();
    const { board, stages } = await getJourneyCanvas(journeyId, timeZone);
    const svg = canvasSvg(board.journey, stages, `as of ${formatDateTime(new Date(), timeZone)} (${timeZone})`);
    const slug = board.journey.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "journey";
    return new Response(svg, {
      headers: {
        "Content-Type": "image/svg+xml; charset=utf-8",
        "Content-Disposition": `attachment; filename="journey-map-${slug}.svg"`,
        "Cache-Control": "no-store",
        // The file is data, never a page: nothing in it may run if it is opened directly.
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (e) {
    if (isDomainError(e) && e.kind === "not_found") return Response.json({ error: "That journey does not exist." }, { status: 404 });
    throw e;
  }
});

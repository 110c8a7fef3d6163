import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache, type CSSProperties } from "react";
import { CanvasExport } from "@/components/journeys/canvas-export";
import { JourneyCanvas } from "@/components/journeys/journey-canvas";
import { JourneyTimeline } from "@/components/journeys/journey-timeline";
import { Badge } from "@/components/ui/badge";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/guard";
import { isDomainError } from "@/lib/errors";
import { plural } from "@/lib/format";
import { getJourneyCanvas, MEASURED_WINDOW_DAYS } from "@/lib/journeys/canvas";
import { CANVAS } from "@/lib/journeys/canvas-model";
import { can } from "@/lib/permissions";
import { getTimeZone } from "@/lib/settings";
import { isUuid } from "@/lib/validation";
import { assignOwnershipAction, placeStageAction, updateStageAction, updateStageMapAction } from "../../actions";

type Props = { params: Promise<{ id: string }> };

const loadCanvas = cache(async (journeyId: string) => getJourneyCanvas(journeyId, await getTimeZone()));

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  await requireUser("app.view");
  const { id } = await params;
  if (!isUuid(id)) return { title: "Journey map" };
  const loaded = await loadCanvas(id).catch(() => null);
  return { title: loaded ? `${loaded.board.journey.name}: journey map` : "Journey map" };
}

// The printable width of an A4 landscape page with 8 mm margins, in CSS pixels.
const PRINT_WIDTH = 1060;

export default async function JourneyMapPage({ params }: Props) {
  const actor = await requireUser("app.view");
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const { board, stages } = await loadCanvas(id).catch((e: unknown) => {
    if (isDomainError(e)) notFound();
    throw e;
  });
  const { journey } = board;
  const live = journey.status !== "archived";
  const canEdit = live && can(actor.role, "journeys.manage");
  const canAssign = live && can(actor.role, "ownership.assign");
  const needOwner = stages.filter((s) => s.flags.some((f) => f === "unowned" || f === "owner_inactive" || f === "department_archived")).length;
  const disputed = stages.filter((s) => s.flags.includes("disputed")).length;
  const width = CANVAS.laneTitleWidth + stages.length * CANVAS.columnWidth;
  const printZoom = Math.min(1, PRINT_WIDTH / width);
  const slug = journey.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "journey";
  return (
    <div className="journey-map-page" style={{ "--print-zoom": printZoom.toFixed(3) } as CSSProperties}>
      <PageHeader
        title={`${journey.name}: journey map`}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <Badge tone={journey.status === "active" ? "green" : journey.status === "draft" ? "amber" : "neutral"}>{journey.status}</Badge>
            {journey.segment ? <span>Persona: {journey.segment}</span> : null}
            <Link href={`/journeys/${journey.id}`} className="text-brand-700 underline print:hidden">Board and forms</Link>
          </span>
        }
        actions={stages.length ? <CanvasExport svgHref={`/api/export/journey-map.svg?journeyId=${journey.id}`} fileName={`journey-map-${slug}`} /> : undefined}
      />
      {stages.length === 0 ? (
        <EmptyState title="No stages yet">{canEdit ? <>Add the first stage on the <Link href={`/journeys/${journey.id}`} className="text-brand-700 underline">journey board</Link>; it appears here as the first column.</> : "The CCO has not added stages yet."}</EmptyState>
      ) : (
        <>
          <p className="mb-3 text-sm text-slate-700" role="status">
            {plural(stages.length, "stage")} · {needOwner} {needOwner === 1 ? "needs" : "need"} an owner · {disputed} disputed. Measured emotion is the mean of the last {MEASURED_WINDOW_DAYS} days&apos; customer scores on the same −2…+2 as the judged one.
            {canEdit ? <span className="hidden md:inline"> Drag a stage by its Move handle, or focus the handle and use Space and the arrow keys, to change the order.</span> : null}
          </p>
          <div className="hidden md:block print:block">
            <JourneyCanvas
              journeyId={journey.id}
              stages={stages}
              canReorder={canEdit}
              editing={canEdit || canAssign ? { canEdit, canAssign, departments: board.departments.filter((d) => !d.archived).map((d) => ({ id: d.id, name: d.name })) } : null}
              actions={{ place: placeStageAction, updateMap: updateStageMapAction, updateStage: updateStageAction, assign: assignOwnershipAction }}
            />
          </div>
          <div className="md:hidden print:hidden">
            <JourneyTimeline journeyId={journey.id} stages={stages} />
          </div>
        </>
      )}
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { OffboardingForm } from "@/components/admin/offboarding-form";
import { Card, PageHeader } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/guard";
import { isDomainError } from "@/lib/errors";
import { getOffboardingPreview } from "@/lib/offboarding/queries";
import { isUuid } from "@/lib/validation";
import { confirmArchiveAction } from "../../../actions";

export const metadata: Metadata = { title: "Archive department" };

export default async function ArchiveDepartmentPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireUser("departments.manage");
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const preview = await getOffboardingPreview({ actor, subject: { kind: "department", id } }).catch((e: unknown) => {
    if (isDomainError(e)) notFound();
    throw e;
  });
  return (
    <>
      <PageHeader
        title={`Archive ${preview.subject.name}`}
        description={
          <span>
            What the department owns, before it is archived (archived departments cannot receive new people). Hand each item to a successor, or leave it flagged for the CCO.{" "}
            <Link href="/admin/departments" className="link">Back to departments</Link>
          </span>
        }
      />
      <Card aria-label="What it owns">
        <OffboardingForm preview={preview} options={preview.options} action={confirmArchiveAction} verb="Archive" backHref="/admin/departments" />
      </Card>
    </>
  );
}

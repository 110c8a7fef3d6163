import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { OffboardingForm } from "@/components/admin/offboarding-form";
import { Card, PageHeader } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/guard";
import { isDomainError } from "@/lib/errors";
import { getOffboardingPreview } from "@/lib/offboarding/queries";
import { isUuid } from "@/lib/validation";
import { confirmDeactivationAction } from "../../../actions";

export const metadata: Metadata = { title: "Deactivate user" };

export default async function DeactivateUserPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireUser("users.manage");
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const preview = await getOffboardingPreview({ actor, subject: { kind: "person", id } }).catch((e: unknown) => {
    if (isDomainError(e)) notFound();
    throw e;
  });
  return (
    <>
      <PageHeader
        title={`Deactivate ${preview.subject.name}`}
        description={
          <span>
            What they own, before they lose access. Hand each item to a successor, or leave it flagged for the CCO.{" "}
            <Link href={`/admin/users/${id}`} className="link">Back to the user</Link>
          </span>
        }
      />
      <Card aria-label="What they own">
        <OffboardingForm preview={preview} options={preview.options} action={confirmDeactivationAction} verb="Deactivate" backHref={`/admin/users/${id}`} />
      </Card>
    </>
  );
}

import { Badge } from "@/components/ui/badge";
import { DISPUTE_STATUS_LABELS, type DisputeStatus } from "@/lib/disputes/rules";

export function DisputeStatusBadge({ status, overdue }: { status: DisputeStatus; overdue?: boolean }) {
  const tone = status === "decided" ? "blue" : status === "withdrawn" ? "neutral" : status === "under_review" ? "amber" : "green";
  return (
    <span className="inline-flex gap-1">
      <Badge tone={tone}>{DISPUTE_STATUS_LABELS[status]}</Badge>
      {overdue ? <Badge tone="red">! Overdue</Badge> : null}
    </span>
  );
}

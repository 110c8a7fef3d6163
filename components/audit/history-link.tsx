import Link from "next/link";
import type { AuditEntityType } from "@/lib/audit/catalog";
import { can, type Role } from "@/lib/permissions";

/** "History": the audit log filtered to one entity; shown only to roles that may read the log. */
export function HistoryLink({ role, entityType, entityId }: { role: Role; entityType: AuditEntityType; entityId: string }) {
  if (!can(role, "audit.read")) return null;
  const q = new URLSearchParams({ entityType, entityId });
  return (
    <Link href={`/audit?${q.toString()}`} className="history-link">
      History
    </Link>
  );
}

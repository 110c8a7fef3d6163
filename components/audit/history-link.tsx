import Link from "next/link";
import type { AuditEntityType } from "@/lib/audit/catalog";
import { can, type Role } from "@/lib/permissions";

/** "History": the audit log filtered to one entity; shown only to roles that may read the log. */
export function HistoryLink({ role, entityType, entityId }: { role: Role; entityType: AuditEntityType; entityId: string }) {
  if (!can(role, "audit.read")) return null;
  const q = new URLSearchParams({ entityType, entityId });
  return (
    <Link href={`/audit?${q.toString()}`} className="inline-flex h-11 items-center rounded-md border border-slate-300 bg-white px-3 text-sm font-medium text-brand-700 hover:bg-slate-50">
      History
    </Link>
  );
}

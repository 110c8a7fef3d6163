import { Badge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import type { FormAction } from "@/components/forms/action-form";
import type { TokenRow } from "@/lib/api-tokens/commands";
import { formatDateTime } from "@/lib/time-format";
import { RevokeTokenForm } from "./token-forms";

function status(t: TokenRow, now: Date) {
  if (t.revokedAt) return <Badge tone="neutral">Revoked</Badge>;
  if (t.expiresAt && t.expiresAt <= now) return <Badge tone="amber">Expired</Badge>;
  return <Badge tone="green">Active</Badge>;
}

/** Tokens by name and prefix (never the secret), with when each was last used and when it expires. */
export function TokenTable({ caption, tokens, timeZone, revoke, showScopes = false }: { caption: string; tokens: TokenRow[]; timeZone: string; revoke: FormAction<void>; showScopes?: boolean }) {
  if (tokens.length === 0) return <p className="text-sm text-slate-600">No tokens yet.</p>;
  const now = new Date();
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <Th>Name</Th>
          <Th>Token</Th>
          <Th>{showScopes ? "Scopes" : "Access"}</Th>
          <Th>Created</Th>
          <Th>Last used</Th>
          <Th>Expires</Th>
          <Th>Status</Th>
          <Th><span className="sr-only">Actions</span></Th>
        </tr>
      </thead>
      <tbody>
        {tokens.map((t) => (
          <tr key={t.id} className="border-t border-slate-100">
            <Td>{t.name}</Td>
            <Td className="font-mono text-xs">{t.prefix}…</Td>
            <Td className="text-xs">{showScopes ? t.scopes.join(", ") : t.readOnly ? "Read-only" : "Read and write"}</Td>
            <Td className="text-xs">{formatDateTime(t.createdAt, timeZone)}{showScopes ? ` by ${t.createdByName}` : ""}</Td>
            <Td className="text-xs">{t.lastUsedAt ? formatDateTime(t.lastUsedAt, timeZone) : "Never"}</Td>
            <Td className="text-xs">{t.expiresAt ? formatDateTime(t.expiresAt, timeZone) : "Never"}</Td>
            <Td>{status(t, now)}</Td>
            <Td>{t.revokedAt ? null : <RevokeTokenForm action={revoke} tokenId={t.id} name={t.name} />}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

import { Badge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import type { SessionRow } from "@/lib/auth/session-commands";
import { plural } from "@/lib/format";

const utc = (d: Date) => `${d.toISOString().replace("T", " ").slice(0, 16)} UTC`;

/** "Chrome on Windows" from a user agent, good enough to recognise one's own devices. */
export function describeUserAgent(ua: string): string {
  if (!ua) return "Unknown browser";
  const browser = /Edg\//.test(ua)
    ? "Edge"
    : /Firefox\//.test(ua)
      ? "Firefox"
      : /Chrome\//.test(ua)
        ? "Chrome"
        : /Safari\//.test(ua)
          ? "Safari"
          : "A browser";
  const os = /Android/.test(ua)
    ? "Android"
    : /iPhone|iPad/.test(ua)
      ? "iOS"
      : /Windows/.test(ua)
        ? "Windows"
        : /Mac OS X/.test(ua)
          ? "macOS"
          : /Linux/.test(ua)
            ? "Linux"
            : null;
  return os ? `${browser} on ${os}` : browser;
}

/** Live sessions; a session ends at the earlier of its idle and absolute expiry. */
export function SessionList({ caption, sessions, total, currentId }: { caption: string; sessions: SessionRow[]; total: number; currentId?: string }) {
  if (total === 0) return <p className="text-sm text-slate-600">No active sessions.</p>;
  return (
    <div className="space-y-2">
      <Table caption={caption}>
        <thead>
          <tr>
            <Th>Device</Th>
            <Th>Signed in</Th>
            <Th>Last active</Th>
            <Th>Ends by</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {sessions.map((s) => (
            <tr key={s.id}>
              <Td>
                <span title={s.userAgent || undefined}>{describeUserAgent(s.userAgent)}</span>
                {s.id === currentId ? (
                  <span className="ml-2">
                    <Badge tone="blue">This device</Badge>
                  </span>
                ) : null}
              </Td>
              <Td className="whitespace-nowrap font-mono text-xs">{utc(s.createdAt)}</Td>
              <Td className="whitespace-nowrap font-mono text-xs">{utc(s.lastSeenAt)}</Td>
              <Td className="whitespace-nowrap font-mono text-xs">{utc(s.idleExpiresAt < s.expiresAt ? s.idleExpiresAt : s.expiresAt)}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
      {total > sessions.length ? <p className="text-xs text-slate-600">Showing the {sessions.length} most recently used of {plural(total, "session")}.</p> : null}
    </div>
  );
}

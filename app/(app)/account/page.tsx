import type { Metadata } from "next";
import { SessionList } from "@/components/auth/session-list";
import { Card, CardTitle, PageHeader } from "@/components/ui/card";
import { currentSession } from "@/lib/auth/current-user";
import { requireUser } from "@/lib/auth/guard";
import { listSessions } from "@/lib/auth/session-commands";
import { SESSION_ABSOLUTE_HOURS, SESSION_IDLE_MINUTES } from "@/lib/auth/sessions";
import { ROLE_LABELS } from "@/lib/permissions";
import Link from "next/link";
import { CreatePersonalTokenForm } from "@/components/api-tokens/token-forms";
import { TokenTable } from "@/components/api-tokens/token-table";
import { listMyTokens } from "@/lib/api-tokens/commands";
import { getTimeZone } from "@/lib/settings";
import { createPersonalTokenAction, revokeMyTokenAction, signOutEverywhereAction } from "./actions";

export const metadata: Metadata = { title: "Your account" };
export const dynamic = "force-dynamic";

function duration(minutes: number): string {
  const [n, unit] = minutes % 1440 === 0 ? [minutes / 1440, "day"] : minutes % 60 === 0 ? [minutes / 60, "hour"] : [minutes, "minute"];
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

export default async function AccountPage() {
  const actor = await requireUser();
  const [session, { sessions, total }, tokens, timeZone] = await Promise.all([currentSession(), listSessions({ actor, userId: actor.id }), listMyTokens({ actor }), getTimeZone()]);
  return (
    <>
      <PageHeader
        title="Your account"
        description={
          <>
            {actor.name} · <span className="font-mono text-xs">{actor.email}</span> · {ROLE_LABELS[actor.role]}
            {actor.departmentName ? ` · ${actor.departmentName}` : ""}
          </>
        }
      />
      <Card aria-labelledby="sessions">
        <CardTitle
          id="sessions"
          description={`A session ends after ${duration(SESSION_IDLE_MINUTES)} without use, ${duration(SESSION_ABSOLUTE_HOURS * 60)} after signing in, or when you sign out.`}
        >
          Where you are signed in
        </CardTitle>
        <SessionList caption="Your sessions" sessions={sessions} total={total} currentId={session?.sessionId} />
        <form action={signOutEverywhereAction} className="mt-4 space-y-2">
          <p className="text-sm text-slate-700">Lost a device, or signed in somewhere you should not have? End every session, this one included.</p>
          <button type="submit" className="rounded-md bg-red-600 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-red-700">
            Sign out everywhere
          </button>
        </form>
      </Card>
      <Card aria-labelledby="api-tokens" className="mt-6 space-y-4">
        <CardTitle
          id="api-tokens"
          description={
            <>
              A personal token lets a script act as you through the <Link className="underline" href="/api-reference">REST API</Link>, with your role&apos;s permissions (or only reading, if read-only). It stops working when it expires, when you revoke it, or if your account is deactivated.
            </>
          }
        >
          API tokens
        </CardTitle>
        <TokenTable caption="Your API tokens" tokens={tokens} timeZone={timeZone} revoke={revokeMyTokenAction} />
        <div className="max-w-xl">
          <CreatePersonalTokenForm action={createPersonalTokenAction} />
        </div>
      </Card>
    </>
  );
}

import Link from "next/link";
import type { ReactNode } from "react";
import type { Actor } from "@/lib/auth/current-user";
import { ROLE_LABELS } from "@/lib/permissions";
import { HeaderMenu } from "./header-menu";
import { navFor } from "./nav";
import { NavLinks } from "./nav-links";

/** `counts`: a number beside a nav item (what waits on the reader, the follow-ups still open for them). */
export function AppHeader({ actor, signOutAction, bell, counts = {} }: { actor: Actor; signOutAction: () => Promise<void>; bell: ReactNode; counts?: Record<string, number | null> }) {
  return (
    <header className="no-print border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-3 gap-y-2 px-4 py-3 md:gap-x-6">
        <Link href="/dashboard" className="mr-auto text-lg font-semibold tracking-tight text-brand-700 md:mr-0">Throughline</Link>
        <HeaderMenu trailing={bell}>
          <nav aria-label="Main" className="md:flex-1">
            <NavLinks items={navFor(actor.role).map(({ href, label, countNoun }) => ({ href, label, count: counts[href] ?? null, countNoun }))} />
          </nav>
          <div className="mt-3 flex flex-wrap items-center gap-3 border-t border-slate-200 pt-3 text-sm md:mt-0 md:flex-nowrap md:border-0 md:pt-0">
            <div className="min-w-0 leading-tight md:text-right">
              <div className="break-words font-medium text-slate-900"><span className="sr-only">Signed in as </span>{actor.name}</div>
              <div className="break-words text-xs text-slate-600" data-testid="current-role">
                {ROLE_LABELS[actor.role]}
                {actor.departmentName ? ` · ${actor.departmentName}` : ""}
              </div>
            </div>
            <Link href="/account" className="rounded-md px-2 py-1.5 font-medium text-slate-700 underline-offset-2 hover:bg-slate-100 hover:underline">
              Your account
            </Link>
            <form action={signOutAction}>
              <button type="submit" className="rounded-md border border-slate-300 px-3 py-1.5 font-medium text-slate-700 hover:bg-slate-100">
                Sign out
              </button>
            </form>
          </div>
        </HeaderMenu>
      </div>
    </header>
  );
}

import Link from "next/link";
import type { ReactNode } from "react";
import type { Actor } from "@/lib/auth/current-user";
import { ROLE_LABELS } from "@/lib/permissions";
import { navFor } from "./nav";
import { NavLinks } from "./nav-links";

export function AppHeader({ actor, signOutAction, bell }: { actor: Actor; signOutAction: () => Promise<void>; bell: ReactNode }) {
  return (
    <header className="no-print border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
        <Link href="/dashboard" className="text-lg font-semibold tracking-tight text-brand-700">Throughline</Link>
        <nav aria-label="Main" className="flex-1">
          <NavLinks items={navFor(actor.role).map(({ href, label }) => ({ href, label }))} />
        </nav>
        <div className="flex items-center gap-3 text-sm">
          {bell}
          <div className="text-right leading-tight">
            <div className="font-medium text-slate-900"><span className="sr-only">Signed in as </span>{actor.name}</div>
            <div className="text-xs text-slate-600" data-testid="current-role">
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
      </div>
    </header>
  );
}

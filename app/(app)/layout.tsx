import type { ReactNode } from "react";
import { AppHeader } from "@/components/shell/app-header";
import { requireUser } from "@/lib/auth/guard";
import { signOutAction } from "../(auth)/sign-in/actions";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const actor = await requireUser();
  return (
    <div className="min-h-screen">
      <AppHeader actor={actor} signOutAction={signOutAction} />
      <main id="main" className="mx-auto max-w-7xl px-4 py-8">{children}</main>
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { AcceptInviteForm } from "@/components/auth/accept-invite-form";
import { Alert } from "@/components/ui/alert";
import { describeInvite } from "@/lib/users/commands";
import { acceptInviteAction } from "./actions";

export const metadata: Metadata = { title: "Choose a password" };
export const dynamic = "force-dynamic";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const status = token.length >= 20 && token.length <= 200 ? await describeInvite(token) : { valid: false as const, reason: "This link is not valid or has expired. Ask for a new one with “Forgot your password?” on the sign-in page, or ask an admin." };
  return (
    <main id="main" className="mx-auto max-w-md px-4 py-16">
      <p className="text-sm font-semibold uppercase tracking-widest text-brand-700">Throughline</p>
      <h1 className="mt-2 text-2xl font-semibold">Choose a password</h1>
      <div className="mt-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        {status.valid ? (
          <>
            <p className="mb-4 text-sm text-slate-700">
              Welcome, {status.name}. Choose a password for <strong>{status.email}</strong>. This link works once.
            </p>
            <AcceptInviteForm action={acceptInviteAction} token={token} email={status.email} />
          </>
        ) : (
          <div className="space-y-3">
            <Alert tone="error">{status.reason}</Alert>
            <Link href="/sign-in" className="text-sm font-medium text-brand-700 underline">Go to sign-in</Link>
          </div>
        )}
      </div>
    </main>
  );
}

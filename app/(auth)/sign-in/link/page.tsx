import type { Metadata } from "next";
import Link from "next/link";
import { RequestLinkForm } from "@/components/auth/request-link-form";
import { Alert } from "@/components/ui/alert";
import { env } from "@/lib/env";
import { emailConfigured } from "@/lib/notifications/email";
import { passwordSignInEnabled } from "@/lib/auth/sso";
import { LINK_EMAIL_UNAVAILABLE, PASSWORDS_OFF_FOR_LINKS } from "@/lib/users/email-links";
import { requestPasswordLinkAction } from "./actions";

export const metadata: Metadata = { title: "Forgot your password?" };
export const dynamic = "force-dynamic";

export default function RequestLinkPage() {
  const enabled = emailConfigured();
  return (
    <main id="main" className="mx-auto max-w-md px-4 py-16">
      <p className="text-sm font-semibold uppercase tracking-widest text-brand-700">Throughline</p>
      <h1 className="mt-2 text-2xl font-semibold">Forgot your password?</h1>
      <div className="mt-6 space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        {!passwordSignInEnabled ? (
          <Alert tone="info">{PASSWORDS_OFF_FOR_LINKS}</Alert>
        ) : enabled ? (
          <>
            <p className="text-sm text-slate-700">
              Enter the email address you sign in with. If it belongs to an active account, we email it a link to set a new password. The link works once, within {env.SIGN_IN_LINK_MINUTES} minutes.
            </p>
            <RequestLinkForm action={requestPasswordLinkAction} />
          </>
        ) : (
          <Alert tone="info">{LINK_EMAIL_UNAVAILABLE}</Alert>
        )}
        <Link href="/sign-in" className="inline-block text-sm font-medium text-brand-700 underline">Back to sign-in</Link>
      </div>
    </main>
  );
}

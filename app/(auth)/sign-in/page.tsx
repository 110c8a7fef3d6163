import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { SsoSignIn } from "@/components/auth/sso-sign-in";
import { Alert } from "@/components/ui/alert";
import { DemoAccounts } from "@/components/auth/demo-accounts";
import { currentUser } from "@/lib/auth/current-user";
import { safeCallbackUrl } from "@/lib/auth/redirect";
import { isDemoMode } from "@/lib/env";
import { listDemoAccounts } from "@/lib/users/queries";
import { DEMO_PASSWORD } from "@/lib/demo/accounts";
import { passwordSignInEnabled, ssoConfig } from "@/lib/auth/sso";
import { signInAction, ssoSignInAction } from "./actions";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

/** Why a single sign-on came back refused (lib/auth/config.ts), or Auth.js's own error type. */
function signInError(error: unknown): string | null {
  if (typeof error !== "string" || !error) return null;
  const provider = ssoConfig?.name ?? "The identity provider";
  switch (error) {
    case "sso-deactivated":
      return "Your Throughline account is deactivated, so you cannot sign in, even through single sign-on. Ask an admin to reactivate it.";
    case "sso-unverified":
      return `${provider} did not confirm that your email address is verified, so it cannot be matched to a Throughline account. Ask IT, or an admin.`;
    case "sso-no-department":
      return `Your Throughline account could not be created: ${provider} names no department Throughline knows, and members and heads belong to one. Ask an admin to create your account.`;
    case "sso-invalid":
      return `${provider} did not send an identifier and an email address for you; Throughline needs both.`;
    case "CredentialsSignin":
      return null;
    default:
      return ssoConfig ? `Signing in with ${provider} did not complete. Try again; if it keeps failing, ask an admin.` : "Sign-in did not complete. Try again.";
  }
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if (await currentUser()) redirect(callbackUrl);
  // With passwords off, the demo accounts' shared password would open nothing.
  const demo = isDemoMode && passwordSignInEnabled ? await listDemoAccounts() : [];
  const error = signInError(params.error);
  const notice =
    params.reason === "ended"
      ? "Your session has ended. Sign in again to continue."
      : params.reason === "password-set"
        ? "Your password is set. Sign in with it now."
        : params.reason === "signed-out-everywhere"
          ? "You are signed out on every device."
          : null;
  return (
    <main id="main" className="mx-auto flex min-h-screen max-w-5xl flex-col items-center justify-center gap-8 px-4 py-12 lg:flex-row lg:items-start">
      <div className="w-full max-w-sm">
        <p className="text-sm font-semibold uppercase tracking-widest text-brand-700">Throughline</p>
        <h1 className="mt-2 text-2xl font-semibold text-slate-900">Sign in</h1>
        <p className="mt-1 text-sm text-slate-600">Who owns each moment of your customer&apos;s journey, and who decided that.</p>
        <div className="mt-6 space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          {error ? <Alert tone="error">{error}</Alert> : null}
          {ssoConfig ? <SsoSignIn action={ssoSignInAction} callbackUrl={callbackUrl} providerName={ssoConfig.name} primary={!passwordSignInEnabled} /> : null}
          {ssoConfig && passwordSignInEnabled ? (
            <p className="flex items-center gap-3 text-xs uppercase tracking-wide text-slate-500" aria-hidden="true">
              <span className="h-px flex-1 bg-slate-200" />
              or with your password
              <span className="h-px flex-1 bg-slate-200" />
            </p>
          ) : null}
          {passwordSignInEnabled ? (
            <SignInForm action={signInAction} callbackUrl={callbackUrl} notice={notice} defaultEmail={typeof params.email === "string" ? params.email : undefined} />
          ) : (
            <>
              {notice ? <Alert tone="info">{notice}</Alert> : null}
              <p className="text-sm text-slate-600">Passwords are turned off here: everyone signs in with {ssoConfig?.name}.</p>
            </>
          )}
        </div>
      </div>
      {demo.length ? <DemoAccounts accounts={demo} password={DEMO_PASSWORD} /> : null}
    </main>
  );
}

import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { DemoAccounts } from "@/components/auth/demo-accounts";
import { currentUser } from "@/lib/auth/current-user";
import { safeCallbackUrl } from "@/lib/auth/redirect";
import { isDemoMode } from "@/lib/env";
import { listDemoAccounts } from "@/lib/users/queries";
import { DEMO_PASSWORD } from "@/lib/demo/accounts";
import { signInAction } from "./actions";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if (await currentUser()) redirect(callbackUrl);
  const demo = isDemoMode ? await listDemoAccounts() : [];
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
        <div className="mt-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <SignInForm action={signInAction} callbackUrl={callbackUrl} notice={notice} defaultEmail={typeof params.email === "string" ? params.email : undefined} />
        </div>
      </div>
      {demo.length ? <DemoAccounts accounts={demo} password={DEMO_PASSWORD} /> : null}
    </main>
  );
}

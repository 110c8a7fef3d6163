// Runs once when a Next.js server starts. Background jobs live in lib/jobs/.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Before anything can open a database connection: pooled connections are opened in this
  // context, not in the request that first needs one (lib/request-context.ts).
  const { captureOutsideRequests, releaseAbortReasonFrames } = await import("./lib/request-context");
  captureOutsideRequests();
  // A finished render's abort reason no longer holds the callbacks that ran after it.
  releaseAbortReasonFrames();
  // TRACE gets 405 before Next.js (which answers them 500) is handed them.
  const { installMethodGuard } = await import("./lib/security/method-guard");
  installMethodGuard();
  // The environment and the single sign-on settings are checked before anything is served: a
  // half OIDC configuration or an unknown role in OIDC_ROLE_MAP stops the start with its message.
  try {
    await import("./lib/auth/sso");
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
  const { startBackgroundJobs } = await import("./lib/jobs");
  void startBackgroundJobs({ retryMs: 15_000 });
}

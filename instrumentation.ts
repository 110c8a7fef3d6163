// Runs once when a Next.js server starts. Background jobs live in lib/jobs/.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startBackgroundJobs } = await import("./lib/jobs");
  void startBackgroundJobs();
}

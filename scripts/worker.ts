// Usage: npm run worker
// A process that only works background jobs (sweeps, webhook deliveries) with the app's code,
// beside app servers started with JOBS_WORKER=false, or beside ordinary ones: pg-boss shares
// the work between every worker on the database. PostgreSQL only (DATABASE_URL): the embedded
// database can be opened by one process, which is the app server itself.
import { closeDb } from "@/db/client";
import { env } from "@/lib/env";
import { startBackgroundJobs } from "@/lib/jobs";

async function main() {
  if (!env.DATABASE_URL) {
    console.error("npm run worker needs DATABASE_URL (PostgreSQL); the embedded start runs its jobs inside the app server.");
    process.exit(2);
  }
  const runner = await startBackgroundJobs();
  if (!runner) process.exit(1);
  console.log(`[worker ${process.pid}] working jobs`);
  const stop = async () => {
    await runner.stop();
    await closeDb();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
}

void main();

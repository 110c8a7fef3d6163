import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/guard";

// One line behind the same sign-in guard and layout as every other page: an operator can open it
// to check that sign-in and the session work, and `npm run bench` loads it as the baseline (what
// a signed-in page costs before any page reads its own data). It reads nothing else and changes nothing.

export const metadata: Metadata = { title: "Signed in" };
export const dynamic = "force-dynamic";

export default async function WhoAmIPage() {
  const actor = await requireUser();
  return <h1 className="text-base font-normal">Signed in as {actor.name}.</h1>;
}

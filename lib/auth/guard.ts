import { notFound, redirect } from "next/navigation";
import { can, type Capability } from "@/lib/permissions";
import { currentUser, type Actor } from "./current-user";

/**
 * For pages: the signed-in, active user, or a redirect to sign-in. With a capability, a
 * caller without it sees "not found": pages they may not use do not exist for them.
 */
export async function requireUser(capability?: Capability): Promise<Actor> {
  const actor = await currentUser();
  if (!actor) redirect("/sign-in?reason=ended");
  if (capability && !can(actor.role, capability)) notFound();
  return actor;
}

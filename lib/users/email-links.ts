import crypto from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import { getDb, resultRows, type Executor } from "@/db/client";
import { invites, signInLinkRequests, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { env } from "@/lib/env";
import { forbidden, invalid } from "@/lib/errors";
import { enqueueJob } from "@/lib/jobs/runner";
import { emailConfigured, mailTransport } from "@/lib/notifications/email";
import { inTransaction } from "@/lib/tx";
import { hashInviteToken, INVITE_TTL_DAYS, invitePath, newInviteToken } from "./invites";
import { passwordSignInEnabled, ssoConfig } from "@/lib/auth/sso";

// One-time password links that go out by email (SMTP_URL): an admin's invite, or a link a person
// asks for on the sign-in page. The link's token is made by the email job as it claims the row,
// so it exists only in the email: never in a request's answer, the job queue or the database
// (which keeps its SHA-256, as for every link).

/** Requests for a password link per email address (whoever it belongs to) in an hour. */
export const LINK_REQUESTS_PER_EMAIL_PER_HOUR = 3;
/** Requests per client address in an hour (only with TRUST_PROXY, as for sign-in throttling). */
export const LINK_REQUESTS_PER_ADDRESS_PER_HOUR = 20;

/** What the sign-in page says after every accepted request, whether or not the address is anyone's. */
export const LINK_REQUEST_ANSWER =
  "If that address belongs to an active account, a link to set a new password is on its way to it. The link works once, within the time the email says.";
export const LINK_REQUEST_THROTTLED = "Too many links were asked for this address or from this network in the last hour. Try again later.";
/** What the forgot-password page and its action say when passwords are turned off. */
export const PASSWORDS_OFF_FOR_LINKS = `Passwords are turned off here: everyone signs in with ${ssoConfig?.name ?? "single sign-on"}, so there is no password to reset.`;

export const LINK_EMAIL_UNAVAILABLE = "Email is not set up on this server: ask an admin for a one-time link.";

const appUrl = () => (process.env.APP_URL ?? "http://localhost:3000").replace(/\/+$/, "");

/** A hash no token has (the SHA-256 of random bytes nobody keeps): the row is unusable until the job emails it. */
const unusableHash = () => hashInviteToken(`unsent:${crypto.randomBytes(32).toString("base64url")}`);

/**
 * Writes a one-time link for `userId` in the caller's transaction, replacing any older unused link
 * of the same purpose. With email configured the link is queued to be emailed (and null is
 * returned); otherwise its path is returned to be shown once.
 */
export async function writeLink(
  tx: Executor,
  { userId, createdById, purpose }: { userId: string; createdById: string | null; purpose: "invite" | "reset" },
): Promise<{ path: string | null; emailed: boolean }> {
  await tx
    .update(invites)
    .set({ usedAt: sql`now()` })
    .where(and(eq(invites.userId, userId), eq(invites.purpose, purpose), isNull(invites.usedAt)));
  const expiresAt = purpose === "invite" ? sql`now() + make_interval(days => ${INVITE_TTL_DAYS})` : sql`now() + make_interval(mins => ${env.SIGN_IN_LINK_MINUTES})`;
  if (emailConfigured()) {
    const [row] = await tx.insert(invites).values({ userId, createdById, purpose, tokenHash: unusableHash(), sendByEmail: true, expiresAt }).returning({ id: invites.id });
    await enqueueJob(tx, "email.link", { inviteId: row!.id });
    return { path: null, emailed: true };
  }
  if (purpose === "reset") throw new Error("password links asked for by email need SMTP_URL");
  const { token, tokenHash } = newInviteToken();
  await tx.insert(invites).values({ userId, createdById, purpose, tokenHash, expiresAt });
  return { path: invitePath(token), emailed: false };
}

type Claimed = { purpose: "invite" | "reset"; email: string; name: string; minutesLeft: number };

/**
 * The email job: claims the link (one UPDATE … RETURNING sets its real hash and emailed_at, so two
 * workers or a second run send it once), then sends it. A link already used, replaced, expired,
 * or whose person was deactivated meanwhile is not sent. If the SMTP server refuses, the claim is
 * given back (the token that was not delivered is forgotten) and the queue retries with a new one.
 */
export async function sendLinkEmail(inviteId: string): Promise<"sent" | "skipped"> {
  const mail = mailTransport();
  if (!mail) return "skipped";
  const db = await getDb();
  const { token, tokenHash } = newInviteToken();
  const [row] = resultRows<Claimed>(
    await db.execute(sql`
      update invites i set token_hash = ${tokenHash}, emailed_at = now()
      from users u
      where i.id = ${inviteId} and u.id = i.user_id and i.send_by_email and i.emailed_at is null
        and i.used_at is null and i.expires_at > now() + interval '1 minute' and u.active
      returning i.purpose, u.email, u.name, ceil(extract(epoch from i.expires_at - now()) / 60)::int as "minutesLeft"`),
  );
  if (!row) return "skipped";
  const link = `${appUrl()}${invitePath(token)}`;
  const validity = row.purpose === "invite" ? `within ${INVITE_TTL_DAYS} days` : `within ${row.minutesLeft} minutes`;
  try {
    await mail.sendMail({
      from: env.MAIL_FROM,
      to: { name: row.name, address: row.email },
      subject: row.purpose === "invite" ? "You are invited to Throughline" : "Set a new Throughline password",
      text: [
        row.purpose === "invite" ? `Hello ${row.name},\n\nAn admin created a Throughline account for you. Choose your password here:` : `Hello ${row.name},\n\nSomeone (we hope you) asked for a link to set a new Throughline password. Choose it here:`,
        link,
        "",
        `The link works once, ${validity}.${row.purpose === "reset" ? " If you did not ask for it, ignore this email: your password stays as it is." : ""}`,
      ].join("\n"),
    });
  } catch (e) {
    await db.execute(sql`update invites set emailed_at = null, token_hash = ${unusableHash()} where id = ${inviteId} and used_at is null`);
    throw e;
  }
  return "sent";
}

/**
 * Public (the sign-in page): someone asks for a link to set a new password. Every request is
 * recorded and counted per address typed and per client address, whoever the address belongs to,
 * and the answer is the same whether or not it is anyone's: only an active user is emailed (and
 * the request is audited on them). A deactivated user is refused (audited, nothing sent).
 */
export async function requestPasswordLink({ email, clientAddress }: { email: string; clientAddress: string | null }): Promise<void> {
  // AUTH_SSO_ONLY: a password opens nothing, so none is offered (the same for every address).
  if (!passwordSignInEnabled) throw forbidden(PASSWORDS_OFF_FOR_LINKS);
  if (!emailConfigured()) throw invalid(LINK_EMAIL_UNAVAILABLE);
  const emailLower = email.trim().toLowerCase();
  await inTransaction(async (tx) => {
    // The same advisory locks as the sign-in throttle's namespaces would collide; these are their own.
    await tx.execute(sql`select pg_advisory_xact_lock(7384203::int, hashtext(${emailLower}))`);
    if (clientAddress) await tx.execute(sql`select pg_advisory_xact_lock(7384204::int, hashtext(${clientAddress}))`);
    const [counts] = resultRows<{ email: number; address: number }>(
      await tx.execute(sql`
        select count(*) filter (where email_lower = ${emailLower})::int as email,
               count(*) filter (where client_address = ${clientAddress})::int as address
        from sign_in_link_requests
        where requested_at > now() - interval '1 hour' and (email_lower = ${emailLower} or client_address = ${clientAddress})`),
    );
    if ((counts?.email ?? 0) >= LINK_REQUESTS_PER_EMAIL_PER_HOUR || (clientAddress && (counts?.address ?? 0) >= LINK_REQUESTS_PER_ADDRESS_PER_HOUR)) {
      throw invalid(LINK_REQUEST_THROTTLED);
    }
    await tx.insert(signInLinkRequests).values({ emailLower, clientAddress });
    const [user] = await tx.select({ id: users.id, active: users.active }).from(users).where(sql`lower(${users.email}) = ${emailLower}`).for("update");
    if (!user) return;
    if (!user.active) {
      await recordAudit(tx, { actorId: null, action: "user.sign_in_link_requested", entityType: "user", entityId: user.id, after: { outcome: "refused_deactivated" } });
      return;
    }
    await writeLink(tx, { userId: user.id, createdById: null, purpose: "reset" });
    await recordAudit(tx, { actorId: null, action: "user.sign_in_link_requested", entityType: "user", entityId: user.id, after: { outcome: "queued" } });
  });
}

/** Requests older than a day no longer count towards any limit; daily. */
export async function pruneLinkRequests(): Promise<number> {
  const db = await getDb();
  const gone = await db.delete(signInLinkRequests).where(sql`${signInLinkRequests.requestedAt} < now() - interval '1 day'`).returning({ id: signInLinkRequests.id });
  return gone.length;
}

import type { Mail } from "./smtp-receiver";

/** The text body of a received message, quoted-printable decoded (nodemailer wraps long lines). */
export function mailText(mail: Pick<Mail, "raw">): string {
  const raw = mail.raw.replace(/\r\n/g, "\n");
  const split = raw.indexOf("\n\n");
  const head = raw.slice(0, split);
  let body = raw.slice(split + 2);
  if (/content-transfer-encoding:\s*quoted-printable/i.test(head)) {
    body = body.replace(/=\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  } else if (/content-transfer-encoding:\s*base64/i.test(head)) {
    body = Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  }
  return body;
}

/** The one-time link's token in a message, or null. */
export function linkToken(mail: Pick<Mail, "raw">): string | null {
  return /\/invite\/([A-Za-z0-9_-]{20,})/.exec(mailText(mail))?.[1] ?? null;
}

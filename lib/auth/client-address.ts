import { isIP } from "node:net";
import { env } from "@/lib/env";

/**
 * The address of the client a request came from, for per-address sign-in throttling; null
 * when it cannot be known reliably.
 *
 * Next.js (app router, v16) does not expose the socket's address to route handlers or server
 * actions. The only place it shows up is X-Forwarded-For, which Next fills from the socket
 * *only when the client did not send the header itself* — so without a proxy in front, any
 * client can write any address there: dodge the limit with a fresh address per request, or
 * lock out someone else's address. Hence: only with TRUST_PROXY, and then the right-most entry,
 * the one the proxy appended for the peer it saw (entries to its left came from the client).
 * Without a trusted proxy, per-address throttling is skipped and the per-email limit holds alone.
 */
export function clientAddress(headers: Pick<Headers, "get">, trustProxy: boolean = env.TRUST_PROXY): string | null {
  if (!trustProxy) return null;
  const forwarded = headers.get("x-forwarded-for");
  if (!forwarded) return null;
  const last = forwarded.split(",").at(-1)?.trim() ?? "";
  return normaliseAddress(last);
}

/**
 * The throttling key of an address: an IPv4 address as is, an IPv6 address as its /64 (one
 * subscriber usually holds a whole /64, so counting single IPv6 addresses would let one client
 * rotate through billions of them). Null for anything that is not an address.
 */
export function normaliseAddress(value: string): string | null {
  let v = value.trim();
  if (v.length > 64) return null;
  // "[::1]:443" and "203.0.113.9:51234" are seen from some proxies.
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(v);
  if (bracketed) v = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(v)) v = v.slice(0, v.lastIndexOf(":"));
  const kind = isIP(v);
  if (kind === 0) return null;
  v = v.toLowerCase();
  // An IPv4 client seen through an IPv6 socket is the same client.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v);
  if (mapped) return mapped[1]!;
  if (kind === 4) return v;
  return `${expandIpv6(v).slice(0, 4).join(":")}::/64`;
}

/** The eight hextets of a valid IPv6 address, without leading zeros. */
function expandIpv6(v: string): string[] {
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(v);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    v = `${v.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = v.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const middle = tail === undefined ? [] : Array(8 - left.length - right.length).fill("0");
  return [...left, ...middle, ...right].map((h) => parseInt(h, 16).toString(16));
}

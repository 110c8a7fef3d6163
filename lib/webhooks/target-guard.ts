import dns from "node:dns";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { env } from "@/lib/env";

// A webhook makes this server send requests to an address an admin typed: without a guard, to
// the server's own loopback services, the private network behind it, or the cloud's metadata
// service (credentials). Addresses in these ranges are refused when an endpoint is registered or
// changed, and again when each delivery connects, on the address the name resolves to *then*
// (a name that resolved to a public address at registration may later resolve to 127.0.0.1:
// DNS rebinding). WEBHOOK_ALLOW_PRIVATE_TARGETS=true lifts the guard for development and tests.

const blocked = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, cloud metadata (169.254.169.254)
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments (e.g. 192.0.0.192 Oracle metadata)
  ["192.0.2.0", 24], // documentation
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const) {
  blocked.addSubnet(net, prefix, "ipv4");
}
for (const [net, prefix] of [
  ["::", 128], // unspecified
  ["::1", 128], // loopback
  ["fc00::", 7], // unique local (includes AWS's fd00:ec2::254 metadata)
  ["fe80::", 10], // link-local
  ["ff00::", 8], // multicast
  ["2001:db8::", 32], // documentation
] as const) {
  blocked.addSubnet(net, prefix, "ipv6");
}

/** An IPv4 address inside an IPv6 one (mapped ::ffff:a.b.c.d, or NAT64 64:ff9b::/96), if any. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1]!;
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex) return null;
  const hi = parseInt(hex[1]!, 16);
  const lo = parseInt(hex[2]!, 16);
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join(".");
}

/** Whether an IP address is loopback, private, link-local, metadata or otherwise not on the internet. */
export function isPrivateAddress(address: string): boolean {
  const kind = isIP(address);
  if (kind === 4) return blocked.check(address, "ipv4");
  if (kind === 6) {
    const v4 = embeddedIpv4(address);
    if (v4) return blocked.check(v4, "ipv4");
    return blocked.check(address, "ipv6");
  }
  return true; // not an address at all: never connect to it
}

export const privateTargetsAllowed = () => env.WEBHOOK_ALLOW_PRIVATE_TARGETS;

const hostOf = (url: string) => new URL(url).hostname.replace(/^\[|\]$/g, "");

const PRIVATE_MESSAGE = (host: string) =>
  `${host} is a loopback, private, link-local or cloud metadata address; webhooks may only go to addresses on the internet.`;

/**
 * Why this address may not receive webhooks, or null when it may: checked when an endpoint is
 * registered or changed, on every address its name resolves to now.
 */
export async function targetProblem(url: string): Promise<string | null> {
  if (privateTargetsAllowed()) return null;
  const host = hostOf(url);
  if (isIP(host)) return isPrivateAddress(host) ? PRIVATE_MESSAGE(host) : null;
  if (host === "localhost" || host.endsWith(".localhost")) return PRIVATE_MESSAGE(host);
  let addresses: dns.LookupAddress[];
  try {
    addresses = await dns.promises.lookup(host, { all: true, verbatim: true });
  } catch {
    return `No address was found for ${host}: check the name (webhooks are only sent to names that resolve to an address on the internet).`;
  }
  const bad = addresses.find((a) => isPrivateAddress(a.address));
  return bad ? `${host} resolves to ${bad.address}. ${PRIVATE_MESSAGE(host)}` : null;
}

export class PrivateTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PrivateTargetError";
  }
}

/**
 * The `lookup` a delivery connects with: resolves the name as usual and refuses the connection
 * when any address is private. Because the check happens on the very answer the socket connects
 * to, a name that changed its address since it was registered cannot slip through.
 */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, "", 0);
    const list = addresses as unknown as dns.LookupAddress[];
    if (!privateTargetsAllowed()) {
      const bad = list.find((a) => isPrivateAddress(a.address));
      if (bad) return callback(new PrivateTargetError(`${hostname} resolved to ${bad.address}, a private address: not sent.`), "", 0);
    }
    if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    const first = list[0];
    if (!first) return callback(Object.assign(new Error(`No address for ${hostname}`), { code: "ENOTFOUND" }), "", 0);
    callback(null, first.address, first.family);
  });
};

/** Refuses before connecting when the address is an IP literal (which skips name lookup). */
export function literalTargetProblem(url: string): string | null {
  if (privateTargetsAllowed()) return null;
  const host = hostOf(url);
  if (isIP(host) && isPrivateAddress(host)) return `${host} is a private address: not sent.`;
  if (host === "localhost" || host.endsWith(".localhost")) return `${host} is a loopback name: not sent.`;
  return null;
}

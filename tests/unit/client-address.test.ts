import { describe, expect, it } from "vitest";
import { clientAddress, normaliseAddress } from "@/lib/auth/client-address";

const h = (xff?: string) => new Headers(xff === undefined ? {} : { "x-forwarded-for": xff });

describe("clientAddress", () => {
  it("believes nothing without a trusted proxy: a client can write any X-Forwarded-For it likes", () => {
    expect(clientAddress(h("203.0.113.9"), false)).toBeNull();
    expect(clientAddress(h(), false)).toBeNull();
  });

  it("behind a trusted proxy takes the right-most entry, the peer the proxy saw", () => {
    expect(clientAddress(h("203.0.113.9"), true)).toBe("203.0.113.9");
    // The client sent "1.1.1.1" itself; the proxy appended the real peer.
    expect(clientAddress(h("1.1.1.1, 198.51.100.7"), true)).toBe("198.51.100.7");
    expect(clientAddress(h("1.1.1.1,198.51.100.7 "), true)).toBe("198.51.100.7");
  });

  it("answers null when the header is missing or its last entry is not an address", () => {
    expect(clientAddress(h(), true)).toBeNull();
    expect(clientAddress(h("198.51.100.7, unknown"), true)).toBeNull();
    expect(clientAddress(h("198.51.100.7,"), true)).toBeNull();
    expect(clientAddress(h("x".repeat(500)), true)).toBeNull();
  });
});

describe("normaliseAddress", () => {
  it.each([
    ["203.0.113.9", "203.0.113.9"],
    ["203.0.113.9:51234", "203.0.113.9"],
    ["::ffff:203.0.113.9", "203.0.113.9"],
    ["[::ffff:203.0.113.9]:443", "203.0.113.9"],
    // IPv6 counts per /64: one subscriber holds a whole /64.
    ["2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"],
    ["2001:0DB8:0001:0002::9", "2001:db8:1:2::/64"],
    ["[2001:db8:1:2::9]:8443", "2001:db8:1:2::/64"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
    ["64:ff9b::192.0.2.33", "64:ff9b:0:0::/64"],
  ])("%s → %s", (input, expected) => {
    expect(normaliseAddress(input)).toBe(expected);
  });

  it.each(["", "unknown", "999.1.1.1", "203.0.113", "2001:db8:::1", "<script>", "203.0.113.9:abc"])("rejects %j", (input) => {
    expect(normaliseAddress(input)).toBeNull();
  });
});

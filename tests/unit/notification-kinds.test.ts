import { describe, expect, it } from "vitest";
import { notificationKindEnum } from "@/db/schema";
import { NOTIFICATION_KIND_LABELS, NOTIFICATION_KINDS } from "@/lib/notifications/preference-schema";

describe("notification preferences", () => {
  it("offer every kind of notification the database knows, each with a label", () => {
    expect([...NOTIFICATION_KINDS].sort()).toEqual([...notificationKindEnum.enumValues].sort());
    expect(Object.keys(NOTIFICATION_KIND_LABELS).sort()).toEqual([...notificationKindEnum.enumValues].sort());
  });
});

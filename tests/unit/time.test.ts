import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { updateSettingsSchema } from "@/lib/settings/schemas";
import {
  addDays,
  canonicalTimeZone,
  dateIn,
  daysBetween,
  elapsedDays,
  endOfDay,
  isIsoDate,
  lastMomentOf,
  monthsEnding,
  startOfDay,
  timeZoneNames,
  todayIn,
  utcOffsetLabel,
} from "@/lib/time";
import { formatDate, formatDateTime, formatDays, formatMonth } from "@/lib/time-format";
import { zodFieldErrors } from "@/lib/validation";

const at = (iso: string) => new Date(iso);
const AUCKLAND = "Pacific/Auckland"; // UTC+13 in March (NZDT), +12 from April to September
const LA = "America/Los_Angeles"; // UTC−8 (PST), −7 from March to November
const LONDON = "Europe/London";
const NEW_YORK = "America/New_York";
const hours = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 3_600_000;

describe("today, across the date line and around midnight UTC", () => {
  it.each([
    // 07:00 on 3 March in Auckland is still the evening of 2 March in UTC and in Los Angeles.
    ["2026-03-02T18:00:00Z", AUCKLAND, "2026-03-03"],
    ["2026-03-02T18:00:00Z", "UTC", "2026-03-02"],
    ["2026-03-02T18:00:00Z", LA, "2026-03-02"],
    ["2026-03-02T10:59:59.999Z", AUCKLAND, "2026-03-02"],
    ["2026-03-02T11:00:00Z", AUCKLAND, "2026-03-03"],
    // Los Angeles' day ends eight hours after UTC's.
    ["2026-03-03T00:00:00Z", "UTC", "2026-03-03"],
    ["2026-03-03T07:59:59.999Z", LA, "2026-03-02"],
    ["2026-03-03T08:00:00Z", LA, "2026-03-03"],
    // New Year comes first in Auckland.
    ["2025-12-31T11:00:00Z", AUCKLAND, "2026-01-01"],
    ["2025-12-31T11:00:00Z", LA, "2025-12-31"],
  ])("at %s in %s it is %s", (instant, zone, expected) => {
    expect(todayIn(zone, at(instant))).toBe(expected);
    expect(dateIn(at(instant), zone)).toBe(expected);
  });
});

describe("start and end of a day in a zone", () => {
  it.each([
    ["2026-03-03", AUCKLAND, "2026-03-02T11:00:00.000Z", "2026-03-03T11:00:00.000Z"],
    ["2026-03-02", LA, "2026-03-02T08:00:00.000Z", "2026-03-03T08:00:00.000Z"],
    ["2026-03-02", "UTC", "2026-03-02T00:00:00.000Z", "2026-03-03T00:00:00.000Z"],
  ])("%s in %s runs from %s to %s", (date, zone, start, end) => {
    expect(startOfDay(date, zone).toISOString()).toBe(start);
    expect(endOfDay(date, zone).toISOString()).toBe(end);
    expect(lastMomentOf(date, zone).toISOString()).toBe(new Date(Date.parse(end) - 1).toISOString());
    expect(dateIn(lastMomentOf(date, zone), zone)).toBe(date);
  });

  it.each([LA, AUCKLAND, "UTC"])("the last accepted date, 9999-12-31, ends within year 9999 in %s (a filter up to it does not crash)", (zone) => {
    const end = endOfDay("9999-12-31", zone);
    expect(end.toISOString()).toBe("9999-12-31T23:59:59.999Z");
    expect(end.getTime()).toBeGreaterThan(startOfDay("9999-12-31", zone).getTime());
  });

  it.each([
    // Europe/London: clocks go forward at 01:00 UTC on the last Sunday of March, back at 01:00 UTC on the last Sunday of October.
    ["2026-03-29", LONDON, "2026-03-29T00:00:00.000Z", 23],
    ["2026-03-30", LONDON, "2026-03-29T23:00:00.000Z", 24],
    ["2026-10-25", LONDON, "2026-10-24T23:00:00.000Z", 25],
    ["2026-10-26", LONDON, "2026-10-26T00:00:00.000Z", 24],
    // America/New_York: second Sunday of March, first Sunday of November, at 02:00 local.
    ["2026-03-08", NEW_YORK, "2026-03-08T05:00:00.000Z", 23],
    ["2026-11-01", NEW_YORK, "2026-11-01T04:00:00.000Z", 25],
    // Pacific/Auckland: summer time ends on the first Sunday of April.
    ["2026-04-05", AUCKLAND, "2026-04-04T11:00:00.000Z", 25],
  ])("a DST day: %s in %s starts at %s and lasts %i hours", (date, zone, start, length) => {
    expect(startOfDay(date, zone).toISOString()).toBe(start);
    expect(hours(startOfDay(date, zone), endOfDay(date, zone))).toBe(length);
  });

  it("a day whose midnight a DST change skips starts when the clocks jump, one whose midnight happens twice at the first", () => {
    // São Paulo moved its clocks from 00:00 to 01:00 on 4 November 2018.
    expect(startOfDay("2018-11-04", "America/Sao_Paulo").toISOString()).toBe("2018-11-04T03:00:00.000Z");
    expect(dateIn(new Date(Date.parse("2018-11-04T03:00:00Z") - 1), "America/Sao_Paulo")).toBe("2018-11-03");
    // Havana went back from 01:00 to 00:00 on 5 November 2023: midnight came twice.
    expect(startOfDay("2023-11-05", "America/Havana").toISOString()).toBe("2023-11-05T04:00:00.000Z");
    expect(startOfDay("2023-03-12", "America/Havana").toISOString()).toBe("2023-03-12T05:00:00.000Z");
  });

  it("for any day and zone, the day starts and ends where the calendar date changes", () => {
    const zones = [AUCKLAND, LA, LONDON, NEW_YORK, "UTC", "Asia/Kolkata", "Asia/Kathmandu", "Australia/Lord_Howe", "Pacific/Kiritimati", "Pacific/Pago_Pago", "America/Sao_Paulo", "America/Havana", "Europe/Dublin"];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 * 40 }), fc.constantFrom(...zones), (n, zone) => {
        const date = addDays("2000-01-01", n);
        const start = startOfDay(date, zone);
        const end = endOfDay(date, zone);
        expect(dateIn(start, zone)).toBe(date);
        expect(dateIn(new Date(start.getTime() - 1), zone)).toBe(addDays(date, -1));
        expect(dateIn(new Date(end.getTime() - 1), zone)).toBe(date);
        expect(dateIn(end, zone)).toBe(addDays(date, 1));
        expect(hours(start, end)).toBeGreaterThanOrEqual(22);
        expect(hours(start, end)).toBeLessThanOrEqual(26);
      }),
      { numRuns: 400 },
    );
  });
});

describe("calendar dates and day arithmetic", () => {
  it.each(["2024-02-29", "2026-03-03", "1999-12-31", "2000-02-29"])("%s is a date", (v) => expect(isIsoDate(v)).toBe(true));
  it.each(["2026-02-29", "2026-02-30", "2026-13-01", "2026-00-10", "2026-3-3", "3 Mar 2026", "2026-03-03T00:00:00Z", "0000-01-01", "1899-12-31", "", null, 20260303])("%s is not", (v) => {
    expect(isIsoDate(v)).toBe(false);
  });

  it("adds and counts calendar days across months, years, leap days and DST changes", () => {
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2026-01-01", -1)).toBe("2025-12-31");
    expect(addDays("2026-03-03", 0)).toBe("2026-03-03");
    // A calendar day is a day, however long the clock says it was.
    expect(addDays("2026-03-28", 2)).toBe("2026-03-30");
    expect(daysBetween("2026-03-28", "2026-03-30")).toBe(2);
    expect(daysBetween("2026-10-24", "2026-10-26")).toBe(2);
    expect(daysBetween("2026-03-03", "2026-03-01")).toBe(-2);
    expect(daysBetween("2024-01-01", "2025-01-01")).toBe(366);
  });

  it("an age counts whole 24-hour periods and is never negative", () => {
    expect(elapsedDays(at("2026-03-01T12:00:00Z"), at("2026-03-02T11:59:59Z"))).toBe(0);
    expect(elapsedDays(at("2026-03-01T12:00:00Z"), at("2026-03-02T12:00:00Z"))).toBe(1);
    expect(elapsedDays(at("2026-03-05T00:00:00Z"), at("2026-03-01T00:00:00Z"))).toBe(0);
  });
});

describe("months in a zone", () => {
  it("gives twelve contiguous months ending with the zone's current month, bounded at the zone's midnights", () => {
    // 28 Feb 2026 at 12:00 UTC is already 1 March in Auckland.
    const months = monthsEnding(at("2026-02-28T12:00:00Z"), AUCKLAND);
    expect(months).toHaveLength(12);
    expect(months.map((m) => m.month)).toEqual(["2025-04", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09", "2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03"]);
    for (let i = 1; i < months.length; i++) expect(months[i]!.start).toEqual(months[i - 1]!.end);
    expect(months.at(-1)!.start.toISOString()).toBe("2026-02-28T11:00:00.000Z");
    expect(monthsEnding(at("2026-02-28T12:00:00Z"), "UTC").at(-1)!.month).toBe("2026-02");
  });

  it("a month with a DST change is a month on the zone's wall clock", () => {
    const [march] = monthsEnding(at("2026-03-15T12:00:00Z"), LONDON, 1);
    expect(march).toEqual({ month: "2026-03", start: at("2026-03-01T00:00:00Z"), end: at("2026-03-31T23:00:00Z") });
    const [december] = monthsEnding(at("2026-12-31T23:30:00Z"), NEW_YORK, 1);
    expect(december).toEqual({ month: "2026-12", start: at("2026-12-01T05:00:00Z"), end: at("2027-01-01T05:00:00Z") });
  });
});

describe("zone names", () => {
  it("accepts UTC and every listed zone, in the listed spelling", () => {
    const names = timeZoneNames();
    expect(names[0]).toBe("UTC");
    expect(names).toContain(AUCKLAND);
    expect(names.length).toBeGreaterThan(300);
    for (const z of names) expect(canonicalTimeZone(z)).toBe(z);
    expect(canonicalTimeZone("utc")).toBe("UTC");
    expect(canonicalTimeZone(" europe/london ")).toBe(LONDON);
  });

  it("keeps other IANA aliases as given and refuses what is not a zone", () => {
    expect(canonicalTimeZone("US/Pacific")).toBe("US/Pacific");
    expect(canonicalTimeZone("Etc/GMT+5")).toBe("Etc/GMT+5");
    for (const bad of ["", "   ", "Mars/Olympus_Mons", "Europe/Londn", "+05:00", "UTC+1", "Europe/../London", "x".repeat(65)]) expect(canonicalTimeZone(bad)).toBeNull();
  });

  it("labels a zone with its offset from UTC at a moment", () => {
    expect(utcOffsetLabel("UTC")).toBe("UTC");
    expect(utcOffsetLabel(AUCKLAND, at("2026-03-02T18:00:00Z"))).toBe("UTC+13:00");
    expect(utcOffsetLabel(AUCKLAND, at("2026-07-01T00:00:00Z"))).toBe("UTC+12:00");
    expect(utcOffsetLabel(LA, at("2026-03-02T18:00:00Z"))).toBe("UTC−08:00");
    expect(utcOffsetLabel("Asia/Kathmandu", at("2026-03-02T18:00:00Z"))).toBe("UTC+05:45");
  });

  it("the settings schema stores the zone's spelling and refuses an unknown one with a field error", () => {
    expect(updateSettingsSchema.parse({ disputeSlaDays: "10", staleCheckInDays: "14", timeZone: "pacific/auckland" })).toEqual({ disputeSlaDays: 10, staleCheckInDays: 14, timeZone: AUCKLAND });
    expect(updateSettingsSchema.parse({ disputeSlaDays: "10", staleCheckInDays: "14" })).toEqual({ disputeSlaDays: 10, staleCheckInDays: 14 });
    const bad = updateSettingsSchema.safeParse({ disputeSlaDays: "10", staleCheckInDays: "14", timeZone: "Mars/Olympus_Mons" });
    expect(bad.success).toBe(false);
    expect(zodFieldErrors(bad.error!)).toEqual({ timeZone: ["That is not a time zone we know. Choose one from the list, such as Europe/London or UTC."] });
    const blank = updateSettingsSchema.safeParse({ disputeSlaDays: "10", staleCheckInDays: "14", timeZone: " " });
    expect(zodFieldErrors(blank.error!)).toEqual({ timeZone: ["Choose the organisation's time zone."] });
  });
});

describe("formatting", () => {
  it("writes calendar dates as the day they name, in no zone", () => {
    expect(formatDate("2026-03-03")).toBe("3 Mar 2026");
    expect(formatDate("2026-09-30")).toBe("30 Sep 2026");
    expect(formatDate("2024-02-29")).toBe("29 Feb 2024");
    expect(() => formatDate("2026-02-30")).toThrow(RangeError);
  });

  it("writes an instant's date and time on the company's wall clock", () => {
    const morningInAuckland = at("2026-03-02T18:00:00Z");
    expect(formatDate(morningInAuckland, AUCKLAND)).toBe("3 Mar 2026");
    expect(formatDate(morningInAuckland, LA)).toBe("2 Mar 2026");
    expect(formatDateTime(morningInAuckland, AUCKLAND)).toBe("3 Mar 2026, 07:00");
    expect(formatDateTime(morningInAuckland, LA)).toBe("2 Mar 2026, 10:00");
    expect(formatDateTime(morningInAuckland, "UTC")).toBe("2 Mar 2026, 18:00");
    expect(formatDateTime("2026-03-03T01:05:00.000Z", AUCKLAND)).toBe("3 Mar 2026, 14:05");
    // Midnight is 00:00, never 24:00.
    expect(formatDateTime(at("2026-03-03T00:00:00Z"), "UTC")).toBe("3 Mar 2026, 00:00");
  });

  it("follows the zone's clock through DST changes", () => {
    expect(formatDateTime(at("2026-03-29T00:59:00Z"), LONDON)).toBe("29 Mar 2026, 00:59");
    expect(formatDateTime(at("2026-03-29T01:00:00Z"), LONDON)).toBe("29 Mar 2026, 02:00");
    // The hour from 01:00 to 02:00 happens twice in October.
    expect(formatDateTime(at("2026-10-25T00:30:00Z"), LONDON)).toBe("25 Oct 2026, 01:30");
    expect(formatDateTime(at("2026-10-25T01:30:00Z"), LONDON)).toBe("25 Oct 2026, 01:30");
    expect(formatDateTime(at("2026-03-08T06:59:00Z"), NEW_YORK)).toBe("8 Mar 2026, 01:59");
    expect(formatDateTime(at("2026-03-08T07:00:00Z"), NEW_YORK)).toBe("8 Mar 2026, 03:00");
  });

  it("writes months and day counts", () => {
    expect(formatMonth("2026-01")).toBe("Jan 2026");
    expect(formatMonth("2025-12")).toBe("Dec 2025");
    expect(() => formatMonth("2026-13")).toThrow(RangeError);
    expect(formatDays(0)).toBe("0 days");
    expect(formatDays(1)).toBe("1 day");
    expect(formatDays(12)).toBe("12 days");
  });
});

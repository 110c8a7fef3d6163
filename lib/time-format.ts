import { isIsoDate, wallClock, type IsoDate } from "./time";

/**
 * The one way the UI writes dates and times: "3 Mar 2026", "3 Mar 2026, 14:05", "Jan 2026".
 * Instants are shown in the company's zone, which the caller passes; calendar dates (goal
 * dates, check-in dates, "as of" days) are shown as the day they name, in no zone.
 *
 * Built from numeric parts and fixed English month names rather than a locale's pattern:
 * ICU versions disagree ("Sep" or "Sept"), and the server and the browser must render the
 * very same text or hydration fails.
 */

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

const pad = (n: number) => String(n).padStart(2, "0");
const dayMonthYear = (year: number, month: number, day: number) => `${day} ${MONTHS[month - 1]} ${year}`;

function parseIsoDate(date: IsoDate): [number, number, number] {
  if (!isIsoDate(date)) throw new RangeError(`Not a calendar date: ${date}`);
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return [y, m, d];
}

const asInstant = (v: Date | string) => (typeof v === "string" ? new Date(v) : v);

/** "3 Mar 2026": a calendar date as it is, or the date of an instant in `zone`. */
export function formatDate(date: IsoDate): string;
export function formatDate(instant: Date, zone: string): string;
export function formatDate(value: Date | IsoDate, zone?: string): string {
  if (typeof value === "string") return dayMonthYear(...parseIsoDate(value));
  const w = wallClock(value, zone!);
  return dayMonthYear(w.year, w.month, w.day);
}

/** "3 Mar 2026, 14:05": an instant (a Date, or an ISO timestamp from JSON) on the wall clock of `zone`. */
export function formatDateTime(instant: Date | string, zone: string): string {
  const w = wallClock(asInstant(instant), zone);
  return `${dayMonthYear(w.year, w.month, w.day)}, ${pad(w.hour)}:${pad(w.minute)}`;
}

/** "Jan 2026" for a month key "2026-01". */
export function formatMonth(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  if (!Number.isInteger(y) || !Number.isInteger(m) || m < 1 || m > 12) throw new RangeError(`Not a month: ${month}`);
  return `${MONTHS[m - 1]} ${y}`;
}

/** "1 day", "12 days": an age or a span in whole days. */
export const formatDays = (days: number): string => (days === 1 ? "1 day" : `${days} days`);

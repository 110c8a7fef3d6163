/**
 * The company's clock: every "today", day boundary, date-only ↔ instant conversion and day
 * arithmetic is made here, in the organisation's IANA time zone from settings (default UTC).
 * `toISOString().slice(0, 10)` is "today in London", not today: don't.
 *
 * Two kinds of value, never mixed up: an instant (a Date: one moment, the same everywhere)
 * and a calendar date (an IsoDate, "YYYY-MM-DD": a day on the wall calendar, which becomes a
 * span of instants only in a zone). Pure and dependency-free, so the server and the browser
 * compute the same answers.
 */

export const DEFAULT_TIME_ZONE = "UTC";

/** A calendar date, YYYY-MM-DD. */
export type IsoDate = string;

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const pad = (n: number, width = 2) => String(n).padStart(width, "0");
const ymd = (year: number, month: number, day: number): IsoDate => `${pad(year, 4)}-${pad(month)}-${pad(day)}`;

// Calendar arithmetic on day numbers (days since 1970-01-01): a calendar date has no zone,
// so reading it as a UTC midnight is only a way of counting days, never a moment.
const dayNumber = (date: IsoDate) => Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
const fromDayNumber = (n: number): IsoDate => {
  const d = new Date(n * DAY_MS);
  return ymd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
};

// The one parser for every calendar date that arrives as text (form fields, URL filters,
// export parameters). PostgreSQL has no year 0 and JavaScript dates stop at year 275760, so a
// year outside this range is a typo, not a plan.
export const MIN_YEAR = 1900;
export const MAX_YEAR = 9999;

/**
 * What is wrong with a YYYY-MM-DD date, completing "<label> …"; null when it is a real
 * calendar date (2021-02-30 is not one, though JavaScript would roll it over) in a sane year.
 */
export function dateProblem(v: unknown): string | null {
  if (typeof v !== "string" || !ISO_DATE.test(v)) return "must be a date (YYYY-MM-DD).";
  const year = Number(v.slice(0, 4));
  if (year < MIN_YEAR || year > MAX_YEAR) return `must be in a year from ${MIN_YEAR} to ${MAX_YEAR}.`;
  const n = dayNumber(v);
  if (!Number.isFinite(n) || fromDayNumber(n) !== v) return "is not a real calendar date.";
  return null;
}

/** A real calendar date written YYYY-MM-DD, in a year from MIN_YEAR to MAX_YEAR. */
export function isIsoDate(v: unknown): v is IsoDate {
  return dateProblem(v) === null;
}

/** `date` moved by `days` calendar days (negative for earlier). */
export const addDays = (date: IsoDate, days: number): IsoDate => fromDayNumber(dayNumber(date) + days);

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: IsoDate, to: IsoDate): number => dayNumber(to) - dayNumber(from);

/** Whole 24-hour periods from one instant to a later one (an age: "3 days old"); never negative. */
export const elapsedDays = (from: Date, to: Date): number => Math.max(0, Math.floor((to.getTime() - from.getTime()) / DAY_MS));

// ── Zones ───────────────────────────────────────────────────────────────────────────────

let zoneNames: string[] | undefined;
const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/**
 * The zones an admin can choose from. Intl's list leaves "UTC" out (there it is an alias of
 * Etc/UTC), yet it is the default and a common choice, so it comes first.
 */
export function timeZoneNames(): string[] {
  if (!zoneNames) {
    // The settings form also validates in the browser, where an older engine may lack the
    // list; a name is then checked by constructing a formatter alone.
    const listed = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
    zoneNames = [DEFAULT_TIME_ZONE, ...listed.filter((z) => z !== DEFAULT_TIME_ZONE)];
  }
  return zoneNames;
}

/**
 * The stored spelling of a zone name, or null for a zone this runtime does not know. A name
 * on the list is matched case-insensitively ("europe/london" → "Europe/London"); other names
 * Intl accepts (aliases such as "Asia/Kolkata" or "US/Pacific") are kept as given.
 */
export function canonicalTimeZone(name: string): string | null {
  const v = name.trim();
  // IANA names only: newer runtimes also accept offsets such as "+05:00", which are no zone
  // (they know no DST) and which other tools read with the opposite sign.
  if (!v || v.length > 64 || !IANA_NAME.test(v)) return null;
  const listed = timeZoneNames().find((z) => z.toLowerCase() === v.toLowerCase());
  if (listed) return listed;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: v });
    return v;
  } catch {
    return null;
  }
}

export const isTimeZone = (name: string): boolean => canonicalTimeZone(name) !== null;

// One formatter per zone: constructing Intl.DateTimeFormat is far dearer than using one.
const wallFormatters = new Map<string, Intl.DateTimeFormat>();
function wallFormatter(zone: string): Intl.DateTimeFormat {
  let f = wallFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
    wallFormatters.set(zone, f);
  }
  return f;
}

export type WallClock = { year: number; month: number; day: number; hour: number; minute: number; second: number };

/** What a clock on the wall in `zone` shows at `instant`. */
export function wallClock(instant: Date, zone: string): WallClock {
  const w: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const p of wallFormatter(zone).formatToParts(instant)) {
    if (p.type in w) w[p.type as keyof WallClock] = Number(p.value);
  }
  return w;
}

/** The calendar date in `zone` at `instant`. */
export function dateIn(instant: Date, zone: string): IsoDate {
  const w = wallClock(instant, zone);
  return ymd(w.year, w.month, w.day);
}

/** Today's date in the company's zone. */
export const todayIn = (zone: string, now: Date = new Date()): IsoDate => dateIn(now, zone);

/** The first instant of `date` in `zone` (midnight, or later where a DST change skips midnight). */
export function startOfDay(date: IsoDate, zone: string): Date {
  // The wall-clock midnight read as if it were UTC, shifted by the zone's offset; a second
  // pass settles an offset that changes between the guess and the answer.
  const local = dayNumber(date) * DAY_MS;
  let t = local - offsetAt(local, zone);
  t = local - offsetAt(t, zone);
  if (dateIn(new Date(t), zone) === date && dateIn(new Date(t - 1), zone) < date) return new Date(t);
  // Midnight falls in a DST gap, or happens twice: find the first instant of the day. Offsets
  // lie within −12 h…+14 h, so the day starts between these bounds.
  let lo = local - 15 * HOUR_MS; // still the day before
  let hi = local + 15 * HOUR_MS; // already `date` or later
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (dateIn(new Date(mid), zone) < date) lo = mid;
    else hi = mid;
  }
  return new Date(hi);
}

/**
 * The instant `date` ends in `zone`: the first instant of the next day, an exclusive bound
 * (a moment is on `date` when startOfDay ≤ moment < endOfDay). "As of the end of 1 March"
 * and "up to and including 1 March" both compare with it.
 */
export function endOfDay(date: IsoDate, zone: string): Date {
  const next = addDays(date, 1);
  // After 9999-12-31 there is no date this calendar accepts (nor one PostgreSQL reads back from
  // JavaScript's "+010000" years): the last instant of year 9999 in UTC bounds that last day.
  return isIsoDate(next) ? startOfDay(next, zone) : new Date(Date.UTC(MAX_YEAR, 11, 31, 23, 59, 59, 999));
}

/**
 * The last moment of `date` in `zone`, for a deadline stored as an instant: "due by 13 March"
 * is met by anything up to it, late after it, and its own date is still 13 March.
 */
export const lastMomentOf = (date: IsoDate, zone: string): Date => new Date(endOfDay(date, zone).getTime() - 1);

/** The zone's offset from UTC at an instant (ms, positive east of Greenwich). */
function offsetAt(instant: number, zone: string): number {
  const w = wallClock(new Date(instant), zone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(instant / 1000) * 1000;
}

/** "UTC+13:00", "UTC−05:00", "UTC" — the zone's offset at an instant, for choosing a zone. */
export function utcOffsetLabel(zone: string, at: Date = new Date()): string {
  const minutes = Math.round(offsetAt(at.getTime(), zone) / 60_000);
  if (minutes === 0) return "UTC";
  const abs = Math.abs(minutes);
  return `UTC${minutes < 0 ? "−" : "+"}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

export type MonthSpan = { month: string; start: Date; end: Date };

/**
 * The `count` calendar months in `zone` ending with the month of `now`, oldest first: each
 * with its key (YYYY-MM) and the instants it starts and ends (exclusive), so a query can
 * bucket by them without knowing about zones or DST.
 */
export function monthsEnding(now: Date, zone: string, count = 12): MonthSpan[] {
  const { year, month } = wallClock(now, zone);
  const first = (i: number) => {
    const m = year * 12 + (month - 1) - i;
    return ymd(Math.floor(m / 12), (m % 12) + 1, 1);
  };
  const out: MonthSpan[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const day = first(i);
    out.push({ month: day.slice(0, 7), start: startOfDay(day, zone), end: startOfDay(first(i - 1), zone) });
  }
  return out;
}

/**
 * The instant a wall clock in `zone` shows `date` at `hh:mm:ss` (a time typed without an offset,
 * like a form's datetime-local). In a DST gap it lands an hour off, as the clock itself would.
 */
export function instantAt(date: IsoDate, hour: number, minute: number, second: number, zone: string): Date {
  const local = dayNumber(date) * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000;
  let t = local - offsetAt(local, zone);
  t = local - offsetAt(t, zone);
  return new Date(t);
}

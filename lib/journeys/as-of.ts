import { invalid } from "@/lib/errors";
import { isIsoDate, todayIso } from "@/lib/goals/rules";

// "As of" a calendar day means at the end of that day: who owned a stage on 1 March is who
// owned it that evening. The one place a day becomes an instant for the board; it counts
// days in UTC until the company's time zone (lib/time.ts) takes over here.

/** The first instant after `day` ends (exclusive): rows valid "on" the day started before it. */
export function asOfInstant(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000);
}

/** The day the board is asked for, checked: a real date, and not after today. */
export function checkAsOfDay(raw: string, today: string = todayIso()): string {
  const shown = raw.slice(0, 40);
  if (!isIsoDate(raw)) throw invalid(`“${shown}” is not a date. Choose a day, written YYYY-MM-DD.`, { asOf: ["Choose a day, written YYYY-MM-DD."] });
  if (raw > today) {
    throw invalid(`${raw} is in the future, and the board cannot show what has not happened yet. Choose today (${today}) or an earlier day.`, {
      asOf: ["Choose today or an earlier day."],
    });
  }
  return raw;
}

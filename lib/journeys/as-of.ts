import { invalid } from "@/lib/errors";
import { endOfDay, isIsoDate, type IsoDate } from "@/lib/time";

// "As of" a calendar day means at the end of that day in the company's time zone: who owned a
// stage on 1 March is who owned it that evening. The one place a day becomes an instant for
// the board.

/** The first instant after `day` ends in `timeZone` (exclusive): rows valid "on" the day started before it. */
export function asOfInstant(day: IsoDate, timeZone: string): Date {
  return endOfDay(day, timeZone);
}

/** The day the board is asked for, checked: a real date, and not after `today` (the company's today). */
export function checkAsOfDay(raw: string, today: IsoDate): IsoDate {
  const shown = raw.slice(0, 40);
  if (!isIsoDate(raw)) throw invalid(`“${shown}” is not a date. Choose a day, written YYYY-MM-DD.`, { asOf: ["Choose a day, written YYYY-MM-DD."] });
  if (raw > today) {
    throw invalid(`${raw} is in the future, and the board cannot show what has not happened yet. Choose today (${today}) or an earlier day.`, {
      asOf: ["Choose today or an earlier day."],
    });
  }
  return raw;
}

/**
 * "1 stage", "2 stages", "0 stages": a count with its noun in the right number. English only;
 * pass the plural when adding "s" is wrong ("1 person", "3 people").
 */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en")} ${Math.abs(n) === 1 ? one : many}`;
}

/** Just the noun for `n`, for sentences that write the number apart ("3 goals need…"). */
export const pluralNoun = (n: number, one: string, many = `${one}s`): string => (Math.abs(n) === 1 ? one : many);

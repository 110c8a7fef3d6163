// What the browser's forms and the server's schemas share, without zod: client components import
// this module, never lib/validation (which brings zod, ~35 KB gzipped, into the page's JavaScript).

/** FormData → plain object; repeated keys become arrays; Next's internal `$ACTION_` keys are dropped. */
export function formDataToObject(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    // "__proto__" would replace the object's prototype instead of naming a field.
    if (key.startsWith("$ACTION") || key === "__proto__") continue;
    const v = typeof value === "string" ? value : value.name;
    const prev = Object.hasOwn(out, key) ? out[key] : undefined;
    if (prev === undefined) out[key] = v;
    else out[key] = Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/** The shortest password the app accepts (passwordField in lib/validation enforces it). */
export const PASSWORD_MIN = 12;

import { Options } from "./options";

// A component class (app/globals.css): filter bars repeat it for every select and date.
export const filterControl = "filter-control";

/** A labelled select for GET filter forms: filters live in the URL and work without JavaScript. */
export function FilterSelect({
  id,
  name,
  label,
  value,
  options,
  anyLabel,
}: {
  id: string;
  name: string;
  label: string;
  value: string | undefined;
  options: { value: string; label: string }[];
  /** The first option, meaning "no filter"; omit when one of `options` is the default. */
  anyLabel?: string;
}) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">{label}</label>
      <select id={id} name={name} defaultValue={value ?? ""} className={filterControl}>
        {anyLabel !== undefined ? <option value="">{anyLabel}</option> : null}
        <Options items={options.map((o) => [o.value, o.label])} />
      </select>
    </div>
  );
}

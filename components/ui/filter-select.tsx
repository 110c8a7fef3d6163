export const filterControl = "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm";

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
        {options.map((o) => (
          <option key={o.value} value={o.value}>{o.label}</option>
        ))}
      </select>
    </div>
  );
}

import type { DemoAccount } from "@/lib/users/queries";
import { ROLE_LABELS } from "@/lib/permissions";

export function DemoAccounts({ accounts, password }: { accounts: DemoAccount[]; password: string }) {
  return (
    <section aria-labelledby="demo-accounts" className="w-full max-w-xl rounded-lg border border-amber-300 bg-amber-50 p-5">
      <h2 id="demo-accounts" className="font-semibold text-amber-950">Demo accounts</h2>
      <p className="mt-1 text-sm text-amber-900">
        This is a demo company. Every account below uses the password <code className="rounded bg-white px-1 py-0.5 font-mono">{password}</code>.
        Production mode hides this list and seeds nothing.
      </p>
      <table className="mt-3 w-full text-sm">
        <caption className="sr-only">Demo accounts by role</caption>
        <thead>
          <tr className="text-left text-xs uppercase tracking-wide text-amber-900">
            <th scope="col" className="py-1 pr-3">Role</th>
            <th scope="col" className="py-1 pr-3">Name</th>
            <th scope="col" className="py-1">Email</th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((a) => (
            <tr key={a.email} className="border-t border-amber-200">
              <td className="py-1 pr-3">{ROLE_LABELS[a.role]}{a.departmentName ? ` · ${a.departmentName}` : ""}</td>
              <td className="py-1 pr-3">{a.name}</td>
              <td className="py-1 font-mono text-xs">{a.email}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

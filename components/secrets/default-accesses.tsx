import { DEFAULT_ACCESS_SUMMARY } from "@/lib/secrets/defaults";

/** Who may use a secret under the current defaults (the Accesses tab until per-secret entries arrive). */
export function DefaultAccesses() {
  return (
    <div className="max-w-2xl">
      <p className="mb-3 text-sm text-slate-600">Who may use this secret under the project&apos;s defaults:</p>
      <table className="w-full text-left text-sm">
        <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="py-2 pr-4 font-medium">
              Principal
            </th>
            <th scope="col" className="py-2 pr-4 font-medium">
              Access
            </th>
            <th scope="col" className="py-2 font-medium">
              Note
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {DEFAULT_ACCESS_SUMMARY.map((row) => (
            <tr key={row.principal}>
              <td className="py-2 pr-4 font-medium">{row.principal}</td>
              <td className="py-2 pr-4">{row.level}</td>
              <td className="py-2 text-slate-600">{row.note}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-3 text-xs text-slate-500">Project Members see the secret in the gallery but never its value.</p>
    </div>
  );
}

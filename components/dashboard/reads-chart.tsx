/** Secret values served per day, as stacked bars: to tools and tokens, and to people. With a table for screen readers. */
export function ReadsChart({ days }: { days: { day: string; people: number; tools: number }[] }) {
  const max = Math.max(1, ...days.map((d) => d.people + d.tools));
  const total = days.reduce((n, d) => n + d.people + d.tools, 0);
  const label = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString("en", { month: "short", day: "numeric", timeZone: "UTC" });
  return (
    <figure className="grid gap-3">
      <div className="flex h-40 items-end gap-1.5" aria-hidden>
        {days.map((d) => (
          <div
            key={d.day}
            className="flex h-full flex-1 flex-col justify-end"
            title={`${label(d.day)}: ${d.tools} by tools and tokens, ${d.people} by people`}
          >
            <div className="rounded-t-sm bg-amber-400" style={{ height: `${(d.people / max) * 100}%` }} />
            <div className={d.people ? "bg-primary" : "rounded-t-sm bg-primary"} style={{ height: `${(d.tools / max) * 100}%` }} />
            {d.people + d.tools === 0 && <div className="h-px bg-slate-200" />}
          </div>
        ))}
      </div>
      <div className="flex justify-between text-xs text-slate-500" aria-hidden>
        <span>{label(days[0].day)}</span>
        <span>{label(days[days.length - 1].day)}</span>
      </div>
      <figcaption className="flex flex-wrap items-center gap-4 text-xs text-slate-600">
        <span className="inline-flex items-center gap-1.5">
          <span className="size-2.5 rounded-sm bg-primary" aria-hidden /> Tools and API tokens
        </span>
        <span className="inline-flex items-center gap-1.5">
          <span className="size-2.5 rounded-sm bg-amber-400" aria-hidden /> People (reveal, copy)
        </span>
        <span className="ml-auto tabular-nums">
          {total} read{total === 1 ? "" : "s"} in {days.length} days
        </span>
      </figcaption>
      <table className="sr-only">
        <caption>Secret reads per day</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Tools and API tokens</th>
            <th scope="col">People</th>
          </tr>
        </thead>
        <tbody>
          {days.map((d) => (
            <tr key={d.day}>
              <th scope="row">{d.day}</th>
              <td>{d.tools}</td>
              <td>{d.people}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

"use client";
import { Pagination } from "./pagination";
import { useUrlQuery } from "./use-url-query";

/** Previous and next pages of a server-paged list, kept in the URL (the Requests log, the Activity). */
export function UrlPager({ page, total, size }: { page: number; total: number; size: number }) {
  const { update } = useUrlQuery();
  return <Pagination page={page} size={size} total={total} sizes={[size]} onChange={(patch) => update({ page: patch.page })} />;
}

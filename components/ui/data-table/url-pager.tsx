"use client";
import { Pagination } from "./pagination";
import { useUrlQuery } from "./use-url-query";

/** The pages of a server-paged list, kept in the URL (`page`, and `size` when a reader may choose it among `sizes`). */
export function UrlPager({ page, total, size, sizes = [size] }: { page: number; total: number; size: number; sizes?: readonly number[] }) {
  const { update } = useUrlQuery();
  return <Pagination page={page} size={size} total={total} sizes={sizes} onChange={(patch) => update(patch)} />;
}

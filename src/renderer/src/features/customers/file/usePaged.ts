import { useEffect, useState } from 'react';
import type { ApiError } from '@shared/api';
import type { Paged } from '@shared/api/channels/customers';

export const FILE_PAGE = 10;

/** One page of a customer's list (orders, referrals) at a time, fetched again when the page or the fetch changes. */
export function usePaged<R>(fetch: (offset: number) => Promise<{ ok: true; value: Paged<R> } | { ok: false; error: ApiError }>) {
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Paged<R> | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    let live = true;
    void fetch((page - 1) * FILE_PAGE).then((r) => {
      if (!live) return;
      setData(r.ok ? r.value : null);
      setError(r.ok ? null : r.error);
    });
    return () => {
      live = false;
    };
  }, [fetch, page]);
  return { page, setPage, data, error };
}

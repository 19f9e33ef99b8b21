import type { Tier } from '@shared/tiers';
import { api } from '../../../lib/api';

/** Prepares the movers CSV on the server and saves it in chunks, so a large export never travels as one string. */
export async function downloadMovers(
  simulationId: string,
  q: { search: string; direction: 'up' | 'down' | null; from: Tier | null; to: Tier | null },
): Promise<{ ok: true; fileName: string; rows: number } | { ok: false; message: string }> {
  const prepared = await api.simulationMoversCsv({
    simulationId,
    ...(q.search.trim() ? { search: q.search } : {}),
    ...(q.direction ? { direction: q.direction } : {}),
    ...(q.from ? { from: q.from } : {}),
    ...(q.to ? { to: q.to } : {}),
  });
  if (!prepared.ok) return { ok: false, message: prepared.error.message };
  const parts: string[] = [];
  let offset: number | null = 0;
  while (offset !== null) {
    const r = await api.simulationMoversCsvRead({ exportId: prepared.value.exportId, offset });
    if (!r.ok) return { ok: false, message: r.error.message };
    parts.push(r.value.data);
    offset = r.value.next;
  }
  const url = URL.createObjectURL(new Blob(parts, { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = prepared.value.fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { ok: true, fileName: prepared.value.fileName, rows: prepared.value.rows };
}

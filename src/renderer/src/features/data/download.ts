import type { ApiError, Language } from '@shared/api';
import type { ExportRequest } from '@shared/api/channels/data';
import { api } from '../../lib/api';
import { fromBase64 } from './helpers';

/**
 * Exports a CSV for people and saves it under the server's file name. The server writes the file
 * first and hands it out in chunks, so a large export never travels as one JSON string.
 */
export async function downloadExport(
  request: ExportRequest,
  language: Language,
): Promise<{ ok: true; fileName: string; bytes: number } | { ok: false; error: ApiError }> {
  const prepared = await api.exportPrepare({ request, language });
  if (!prepared.ok) return prepared;
  const parts: Uint8Array[] = [];
  let offset: number | null = 0;
  while (offset !== null) {
    const r = await api.exportRead({ exportId: prepared.value.exportId, offset });
    if (!r.ok) return r;
    parts.push(fromBase64(r.value.data));
    offset = r.value.next;
  }
  saveFile(parts as BlobPart[], prepared.value.fileName);
  return { ok: true, fileName: prepared.value.fileName, bytes: prepared.value.bytes };
}

/** Saves bytes as a file through the browser's download (Electron shows its save dialog). */
export function saveFile(parts: BlobPart[], fileName: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob(parts, { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The download has its own reference once started; the URL itself is no longer needed.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

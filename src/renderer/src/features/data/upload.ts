import type { ApiError, Client } from '@shared/api';
import { UPLOAD_CHUNK_BYTES, type ImportKind } from '@shared/api/channels/data';

export interface UploadFile {
  kind: ImportKind;
  name: string;
  blob: Blob;
}

/** Base64 without a data URL round trip; the same code runs in the browser and in Node tests. */
export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** A fresh id for one set of staged files (the server's folder name for them). */
export function newUploadId(): string {
  const b = new Uint8Array(12);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/**
 * Sends files to the server in chunks of UPLOAD_CHUNK_BYTES (browser mode caps a request body at
 * 1 MiB, and the server stages them on disk, so memory stays flat whatever the file size).
 * `stop()` returning true ends the upload between chunks. Resolves with the first error, or null.
 */
export async function uploadFiles(
  client: Pick<Client, 'importUpload'>,
  uploadId: string,
  files: UploadFile[],
  onProgress: (sent: number, total: number) => void,
  stop: () => boolean = () => false,
): Promise<ApiError | 'stopped' | null> {
  const total = files.reduce((n, f) => n + f.blob.size, 0);
  let sent = 0;
  onProgress(0, total);
  for (const f of files) {
    let offset = 0;
    do {
      if (stop()) return 'stopped';
      const bytes = new Uint8Array(await f.blob.slice(offset, offset + UPLOAD_CHUNK_BYTES).arrayBuffer());
      const r = await client.importUpload({ uploadId, kind: f.kind, name: f.name, offset, data: toBase64(bytes) });
      if (!r.ok) return r.error;
      offset += bytes.length;
      sent += bytes.length;
      onProgress(sent, total);
    } while (offset < f.blob.size);
  }
  return null;
}

import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DomainError } from '../engine/errors';
import { KINDS, type Kind } from '../engine/import/index';

/**
 * The staging files of the server: uploaded import files (written in chunks, read by the import
 * worker) and prepared exports (written at once, read back in chunks). The data handlers
 * (handlers/data.ts) decide what to stage; this module only does the file I/O.
 */

let stagingRoot: string | null = null;

/**
 * One private folder per server process for staged uploads and prepared exports: import files come
 * in chunks (browser mode caps request bodies), and a dry run and the real import then read the same
 * staged copy. Removed when the process exits.
 */
function staging(sub: 'uploads' | 'exports'): string {
  if (stagingRoot === null) {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tierdesk-staging-'));
    stagingRoot = root;
    process.once('exit', () => fs.rmSync(root, { recursive: true, force: true }));
  }
  const dir = path.join(stagingRoot, sub);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** The staged copy keeps the user's file name (the engine names files in its row errors) without any path in it. */
function safeName(name: string): string {
  const clean = Array.from(name, (ch) => (ch < ' ' || ch === '/' || ch === '\\' ? '_' : ch))
    .join('')
    .slice(0, 200);
  return clean === '.' || clean === '..' ? '_' : clean;
}

const uploadDir = (uploadId: string) => path.join(staging('uploads'), uploadId);

/** The staged files of an upload, one per kind. */
export function stagedFiles(uploadId: string): Partial<Record<Kind, string>> {
  const files: Partial<Record<Kind, string>> = {};
  for (const kind of KINDS) {
    const dir = path.join(uploadDir(uploadId), kind);
    const names = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
    if (names.length === 1) files[kind] = path.join(dir, names[0]!);
  }
  return files;
}

export function discardUpload(uploadId: string): boolean {
  const dir = uploadDir(uploadId);
  const existed = fs.existsSync(dir);
  fs.rmSync(dir, { recursive: true, force: true });
  return existed;
}

export function appendChunk(uploadId: string, kind: Kind, name: string, offset: number, data: Buffer): number {
  const dir = path.join(uploadDir(uploadId), kind);
  const file = path.join(dir, safeName(name));
  if (offset === 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file, data);
    return data.length;
  }
  const size = fs.existsSync(file) ? fs.statSync(file).size : null;
  if (size !== offset) {
    throw new DomainError(
      'UPLOAD_OUT_OF_ORDER',
      `${name}: expected the chunk at byte ${size ?? 0}, got one at byte ${offset}; choose the file again to upload it from the start`,
    );
  }
  fs.appendFileSync(file, data);
  return offset + data.length;
}

// ---------------------------------------------------------------- exports

const EXPORT_READ_BYTES = 3 * 1024 * 1024;
const exportFile = (exportId: string) => path.join(staging('exports'), `${exportId}.csv`);

/** Writes the chunks of `produce()` to a new private export file; a failure leaves no file behind. */
export function writeExport(produce: () => Iterable<string>): { exportId: string; bytes: number } {
  const exportId = crypto.randomBytes(12).toString('hex');
  const file = exportFile(exportId);
  const fd = fs.openSync(file, 'w', 0o600);
  let bytes = 0;
  try {
    for (const chunk of produce()) {
      const buf = Buffer.from(chunk, 'utf8');
      fs.writeSync(fd, buf);
      bytes += buf.length;
    }
  } catch (e) {
    fs.closeSync(fd);
    fs.rmSync(file, { force: true });
    throw e;
  }
  fs.closeSync(fd);
  return { exportId, bytes };
}

/** One chunk of a prepared export from `offset` (base64); the file is removed once read to its end. */
export function readExport(exportId: string, offset: number): { data: string; next: number | null } {
  const file = exportFile(exportId);
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    throw new DomainError('EXPORT_NOT_FOUND', 'this export is no longer available (it is removed once read to its end); export again');
  }
  try {
    const size = fs.fstatSync(fd).size;
    if (offset > size) throw new DomainError('BAD_OFFSET', `offset ${offset} is past the end of the export (${size} bytes)`);
    const buf = Buffer.alloc(Math.min(EXPORT_READ_BYTES, size - offset));
    const n = fs.readSync(fd, buf, 0, buf.length, offset);
    const next = offset + n < size ? offset + n : null;
    if (next === null) fs.rmSync(file, { force: true });
    return { data: buf.subarray(0, n).toString('base64'), next };
  } finally {
    fs.closeSync(fd);
  }
}

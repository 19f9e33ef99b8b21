import fs from 'node:fs';
import path from 'node:path';
import { DomainError } from '../errors';

/** A CSV file to import: a path, or its content with a name (the console sends content). */
export type Source = string | { name: string; data: string | Uint8Array };

export interface OpenedSource {
  /** The name used in error messages: the basename of the path, or the given name. */
  name: string;
  size: number;
  /** The file to read, or else the content. */
  file?: string;
  data?: Uint8Array;
}

/** Resolves a source; a missing or unreadable file is refused here, before any import work. */
export async function openSource(src: Source): Promise<OpenedSource> {
  if (typeof src !== 'string') {
    const data = typeof src.data === 'string' ? Buffer.from(src.data, 'utf8') : src.data;
    return { name: src.name, size: data.byteLength, data };
  }
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(src);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new DomainError('IMPORT_FILE_NOT_FOUND', `${src}: no such file`);
    throw new DomainError('IMPORT_FILE_UNREADABLE', `${src}: cannot be read (${(e as Error).message})`);
  }
  if (!stat.isFile()) throw new DomainError('IMPORT_FILE_UNREADABLE', `${src}: not a file`);
  try {
    await fs.promises.access(src, fs.constants.R_OK);
  } catch (e) {
    throw new DomainError('IMPORT_FILE_UNREADABLE', `${src}: cannot be read (${(e as Error).message})`);
  }
  return { name: path.basename(src), size: stat.size, file: src };
}

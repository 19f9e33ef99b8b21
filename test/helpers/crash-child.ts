// Child process of test/crash.test.ts (bundled by it with esbuild): imports one orders file into a
// database and reports where it is on stdout, so the parent can SIGKILL it mid-import. Writes are
// synchronous: an asynchronous pipe write could reach the parent only after the import is done.
import fs from 'node:fs';
import { openDb } from '../../src/engine/db';
import { importFiles } from '../../src/engine/import/index';

const say = (line: string) => fs.writeSync(1, `${line}\n`);
const [dbFile, ordersFile] = process.argv.slice(2) as [string, string];
const db = openDb(dbFile);
say('start');
const result = await importFiles(
  db,
  { orders: ordersFile },
  { now: Date.now, actor: 'crash-test', onProgress: (p) => say(`rows ${p.rows}`) },
);
db.close();
say(result.ok ? `done ${result.files.orders?.inserted}` : `refused ${result.errorCount}`);

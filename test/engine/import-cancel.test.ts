import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openDb, type DB } from '../../src/engine/db';
import { importFiles } from '../../src/engine/import';
import { tempDir } from '../helpers/fixture';

let db: DB | undefined;
afterAll(() => db?.close());

it('a cancel that arrives while a large file is being read stops the import mid-file and writes nothing', async () => {
  const dir = tempDir();
  let customers = 'customer_id,name,kind,realname_verified,phone_verified,registered_at\n';
  for (let i = 0; i < 1000; i++) customers += `C${i},客户${i},individual,1,1,2025-01-01\n`;
  let orders = 'order_id,customer_id,placed_at,amount,status\n';
  for (let i = 0; i < 300_000; i++) orders += `O${i},C${i % 1000},2026-01-01 00:00:00,1.00,paid\n`;
  fs.writeFileSync(path.join(dir, 'customers.csv'), customers);
  fs.writeFileSync(path.join(dir, 'orders.csv'), orders);
  db = openDb(path.join(dir, 'cancel.db'), { create: true });
  const ac = new AbortController();
  let ordersRowsAtCancel = -1;
  let lastOrdersRows = 0;
  const r = await importFiles(
    db,
    { customers: path.join(dir, 'customers.csv'), orders: path.join(dir, 'orders.csv') },
    {
      now: Date.now,
      actor: 'test',
      signal: ac.signal,
      onProgress: (p) => {
        if (p.file !== 'orders.csv') return;
        lastOrdersRows = p.rows;
        // Cancel from a timer, as the worker's message handler does: the reader must yield to the event loop for it to run.
        if (ordersRowsAtCancel < 0 && p.rows > 0) {
          ordersRowsAtCancel = 0;
          setTimeout(() => {
            ordersRowsAtCancel = lastOrdersRows;
            ac.abort();
          }, 0);
        }
      },
    },
  );
  expect(r.cancelled).toBe(true);
  expect(ordersRowsAtCancel).toBeGreaterThan(0);
  expect(ordersRowsAtCancel).toBeLessThan(300_000);
  expect(db.prepare('SELECT count(*) AS n FROM orders').get()).toEqual({ n: 0 });
  expect(db.prepare('SELECT count(*) AS n FROM customers').get()).toEqual({ n: 0 });
});

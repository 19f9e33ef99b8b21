import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DomainError } from '../errors';
import { deserializeWorkerError } from './workerError';
import type { JobProgress } from '@shared/api/types';
import type { OpInput, OpOutput, SimulationOp, SimulationReply, SimulationRequest, SimulationWorkerData } from './simulationProtocol';

export interface SimulationWorkerOptions {
  /** The bundled simulation entry (out/node/simulation.mjs, or out/main/simulation.js in Electron). */
  workerUrl: URL | string;
  dbPath: string;
  nativeBinding?: string;
}

const fileOf = (url: URL | string): string => (typeof url === 'string' ? url : fileURLToPath(url));

/** The simulation entry bundled beside the job worker entry: `simulation.mjs` next to `worker.mjs`. */
export function simulationWorkerBeside(jobWorker: URL | string): string {
  const file = fileOf(jobWorker);
  return path.join(path.dirname(file), `simulation${path.extname(file)}`);
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  onProgress: ((p: JobProgress) => void) | undefined;
}

/**
 * The policy studio's simulations off the server thread: one long-lived worker thread per open
 * database, with its own read-only connection and the simulation context (metrics cache, kept
 * simulations and CSVs) for its whole life, so a re-simulation costs milliseconds there and the
 * server thread only forwards requests, progress and answers.
 *
 * Requests are answered in the order they were made, except that a backtest lets the requests made
 * after it through between its months. The worker starts at the first call; one that dies fails its
 * requests and the next call starts a fresh one. It never keeps the process alive while idle.
 */
export class SimulationWorker {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private lastId = 0;
  private closed = false;

  constructor(private readonly opts: SimulationWorkerOptions) {}

  /** True while the thread exists (started and not stopped). */
  get running(): boolean {
    return this.worker !== null;
  }

  call<K extends SimulationOp>(op: K, input: OpInput<K>, onProgress?: (p: JobProgress) => void): Promise<OpOutput<K>> {
    if (this.closed) return Promise.reject(new DomainError('DB_CLOSED', 'the database was closed; open it again to simulate'));
    let worker: Worker;
    try {
      worker = this.worker ?? this.start();
    } catch (e) {
      return Promise.reject(e);
    }
    const id = ++this.lastId;
    return new Promise<OpOutput<K>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress });
      worker.ref();
      worker.postMessage({ id, op, input } as SimulationRequest);
    });
  }

  /** Stops the thread; calls still waiting fail with DB_CLOSED. */
  async close(): Promise<void> {
    this.closed = true;
    const w = this.worker;
    this.worker = null;
    this.failAll(new DomainError('DB_CLOSED', 'the database was closed while a simulation was running'));
    if (w) await w.terminate();
  }

  private start(): Worker {
    const file = fileOf(this.opts.workerUrl);
    if (!fs.existsSync(file))
      throw new DomainError('SIMULATION_UNAVAILABLE', `the simulation worker ${file} is missing; build Tierdesk again ("npm run build")`);
    const data: SimulationWorkerData = {
      dbPath: this.opts.dbPath,
      ...(this.opts.nativeBinding ? { nativeBinding: this.opts.nativeBinding } : {}),
    };
    const w = new Worker(this.opts.workerUrl, { workerData: data });
    w.on('message', (msg: SimulationReply) => this.receive(msg));
    w.on('error', (e) => this.stopped(w, `the simulation worker failed: ${e.message}`));
    w.on('exit', (code) => this.stopped(w, `the simulation worker stopped unexpectedly (exit code ${code})`));
    w.unref();
    this.worker = w;
    return w;
  }

  private receive(msg: SimulationReply): void {
    const p = this.pending.get(msg.id);
    if (!p) return;
    if (msg.type === 'progress') {
      p.onProgress?.(msg.progress);
      return;
    }
    this.pending.delete(msg.id);
    if (this.pending.size === 0) this.worker?.unref();
    if (msg.type === 'done') p.resolve(msg.value);
    else p.reject(deserializeWorkerError(msg.error));
  }

  /** A worker that died takes its requests (and its cache) with it. */
  private stopped(w: Worker, reason: string): void {
    if (this.worker !== w) return;
    this.worker = null;
    this.failAll(new Error(reason));
  }

  private failAll(error: Error): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const p of waiting) p.reject(error);
  }
}

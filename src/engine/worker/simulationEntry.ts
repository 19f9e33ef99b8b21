import { parentPort, workerData } from 'node:worker_threads';
import { openDb } from '../db';
import { serializeWorkerError } from './workerError';
import type { SimulationReply, SimulationRequest, SimulationWorkerData } from './simulationProtocol';
import { SimulationStudio } from './simulationStudio';

// The policy studio's simulation worker: lives as long as the host's database is open and answers
// requests one after the other (a backtest lets others through between its months). Simulation
// only reads, so its connection is read-only; drafts and publishing stay on the server thread.

const data = workerData as SimulationWorkerData;
let studio: SimulationStudio | null = null;

function post(msg: SimulationReply): void {
  parentPort!.postMessage(msg);
}

/** Opened at the first request, so a refusal (locked, unreadable) goes to that caller and the next one tries again. */
function studioOf(): SimulationStudio {
  return (studio ??= new SimulationStudio(
    openDb(data.dbPath, { readonly: true, ...(data.nativeBinding ? { nativeBinding: data.nativeBinding } : {}) }),
  ));
}

async function serve(req: SimulationRequest): Promise<void> {
  try {
    const value = await studioOf().handle(req, (progress) => post({ type: 'progress', id: req.id, progress }));
    post({ type: 'done', id: req.id, value });
  } catch (e) {
    post({ type: 'error', id: req.id, error: serializeWorkerError(e) });
  }
}

parentPort!.on('message', (req: SimulationRequest) => void serve(req));

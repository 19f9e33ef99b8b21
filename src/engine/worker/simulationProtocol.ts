import type { Policy } from '@shared/policy';
import type { JobProgress } from '@shared/api/types';
import type {
  BacktestOutcome,
  MoverPage,
  MoversCsvChunk,
  PreparedMoversCsv,
  SimulationOutcome,
  SweepOutcome,
} from '@shared/api/channels/policy';
import type { MoverQuery } from '../simulate/index';
import type { WorkerError } from './workerError';

/** One condition's value range of a sweep (as the channels take it). */
export interface SweepRange {
  tier: SweepOutcome['tier'];
  rule: number;
  condition: number;
  from: number;
  to: number;
  steps: number;
}

export type MoverFilter = Omit<MoverQuery, 'offset' | 'limit'>;

/**
 * What the simulation worker does, by operation. Inputs are checked and completed on the server
 * thread (a valid policy, an explicit as-of date), so the worker needs neither the clock nor the
 * time zone of the host.
 */
export interface SimulationOps {
  run: {
    input: { draft: Policy; asOf: string; movers: MoverQuery; sweep: SweepRange | null };
    output: Omit<SimulationOutcome, 'serverMs'>;
  };
  movers: { input: { simulationId: string; query: MoverQuery }; output: MoverPage };
  moversCsv: { input: { simulationId: string; query: MoverFilter }; output: PreparedMoversCsv };
  moversCsvRead: { input: { exportId: string; offset: number }; output: MoversCsvChunk };
  sweep: { input: { draft: Policy; asOf: string; sweep: SweepRange }; output: SweepOutcome };
  /** `today`: the day whose month is the last one run. */
  backtest: { input: { policy: Policy; months: number; today: string }; output: BacktestOutcome };
}
export type SimulationOp = keyof SimulationOps;
export type OpInput<K extends SimulationOp> = SimulationOps[K]['input'];
export type OpOutput<K extends SimulationOp> = SimulationOps[K]['output'];

/** Host → worker. `id` names the request in every message about it. */
export type SimulationRequest = { [K in SimulationOp]: { id: number; op: K; input: OpInput<K> } }[SimulationOp];

/** Worker → host. */
export type SimulationReply =
  | { type: 'progress'; id: number; progress: JobProgress }
  | { type: 'done'; id: number; value: unknown }
  | { type: 'error'; id: number; error: WorkerError };

export interface SimulationWorkerData {
  dbPath: string;
  /** better-sqlite3 addon built for this runtime (Electron), when not the default Node build. */
  nativeBinding?: string;
}

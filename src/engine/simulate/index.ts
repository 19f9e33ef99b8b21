/**
 * What-if simulation (issue 4): the engine behind `tierdesk simulate`/`sweep` and the policy studio.
 * No Electron here; run it in a worker or the server process, keeping one SimContext per connection.
 */
export { SimulationCache, dataStamp } from './cache';
export {
  simulate,
  simulationContext,
  simulationJson,
  type SimContext,
  type Simulation,
  type SimulationSummary,
  type SideSummary,
  type TierCounts,
  type TierMoney,
  type Matrix,
} from './engine';
export { sweep, sweepValues, sweepCondition, type SweepTarget, type SweepPoint, type SweepResult } from './sweep';
export { listMovers, moversCsv, type MoverQuery, type MoverRow, type MoverPage } from './movers';
export { backtest, type BacktestMonth, type BacktestResult, type BacktestOptions } from './backtest';
export { benchSimulation, classificationSql, type SimulationBench } from './bench';
export type { CostFigures, CostTable } from './cost';

// Figures shared by the studio's panels: fen from CNY, signed deltas and their colour, and when a panel may skip a redraw.
import type { SimulationSummary } from '@shared/api/channels/policy';
import type { Formatters } from '../../../lib/format';

export const fen = (cny: number) => Math.round(cny * 100);
// Each panel redraws only when its own figures change: a threshold step that moves nobody (or
// moves customers between tiers with the same totals) leaves most panels as they are.
export const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);
/** What the distribution and the matrix show of an answer. */
export const pickCounts = (s: SimulationSummary) => [s.baseline.policyVersion, s.baseline.counts, s.scenario.counts];

const MINUS = '−';
export const signedCount = (f: Formatters, n: number) => (n > 0 ? `+${f.count(n)}` : n < 0 ? `${MINUS}${f.count(-n)}` : '0');
export const signedCny = (f: Formatters, cny: number) =>
  cny > 0 ? `+${f.cny(fen(cny))}` : cny < 0 ? `${MINUS}${f.cny(fen(-cny))}` : f.cny(0);
export const deltaClass = (n: number, goodWhenUp = true) => (n === 0 ? 'delta-zero' : n > 0 === goodWhenUp ? 'delta-good' : 'delta-bad');

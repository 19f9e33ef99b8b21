import { compileCondition, type Column, type Columns } from '../classify';
import type { Condition, Policy } from '@shared/policy';

/**
 * The scenario loop of a simulation, generated from the draft: one pass computes every customer's
 * computed tier under the draft and, for the customers whose tier differs from the baseline, their
 * cell of the migration matrix (count and annual spend), plus the protected downgrades. On a million
 * customers the work is bound by comparisons and branch mispredictions, so:
 * - the tier is computed without branches: each condition is a 0/1 comparison combined with `&` and
 *   `|`, and the highest qualifying tier is 1 + (s|g|d|p) + (g|d|p) + (d|p) + p, times `regular`
 *   (spec §5: the highest tier whose rules hold, each above `regular` also requiring `regular`); a
 *   short-circuit `||` chain mispredicts on mixed data. A comparison or tier expression that occurs
 *   twice is computed once;
 * - only movers touch the matrix: adding every customer to a shared cell is a chain of dependent
 *   read-modify-writes that costs as much as the classification; the diagonal is the baseline's
 *   per-tier totals minus the movers.
 * Thresholds come from compileCondition (the classifier's exact integer comparisons), so the tiers are
 * those of compileClassifier; the tests check it against it and against full evaluations. The source
 * contains column names, operators and local names only, never text from the document: thresholds
 * are arguments, so a kernel is reused while a threshold is dragged (compiling and optimising a new
 * one costs more than the loop itself) and every customer's tier is still computed on each call.
 */

/**
 * Classifies `n` customers under the draft into `scen`; for each position where `base` differs, adds
 * the customer to `cells`/`gmv` at [base × 6 + scen]; returns how many have `assigned` above `scen`.
 */
export type ScenarioKernel = (
  S: Columns,
  n: number,
  base: Uint8Array,
  scen: Uint8Array,
  assigned: Uint8Array,
  annual: ArrayLike<number>,
  cells: Float64Array,
  gmv: Float64Array,
) => number;

/** The compiled loop: the thresholds K first, then a ScenarioKernel's arguments. */
type Kernel = (K: Float64Array, ...args: Parameters<ScenarioKernel>) => number;

/** Kernels by source: the source depends on the policy's shape only. */
const compiled = new Map<string, Kernel>();
const MAX_KERNELS = 32;

export function compileScenarioKernel(draft: Policy): ScenarioKernel {
  const loads = new Set<Column>();
  const exprs = new Map<string, string>(); // expression → local name
  const thresholds = new Map<number, number>(); // threshold value → index in K
  const body: string[] = [];
  const local = (expr: string, prefix: string, wrap = (e: string) => e): string => {
    let name = exprs.get(expr);
    if (!name) {
      name = `${prefix}${exprs.size}`;
      exprs.set(expr, name);
      body.push(`const ${name} = ${wrap(expr)};`);
    }
    return name;
  };
  const threshold = (k: number): string => {
    if (!Number.isFinite(k)) throw new Error(`non-finite threshold ${k}`);
    let j = thresholds.get(k);
    if (j === undefined) thresholds.set(k, (j = thresholds.size));
    return `k${j}`;
  };
  const condition = (c: Condition): string => {
    const cc = compileCondition(c, draft.windowMonths);
    loads.add(cc.column);
    return local(`${local(`c_${cc.column}[i]`, 'v')} ${cc.op === '==' ? '===' : cc.op} ${threshold(cc.k)}`, 'q');
  };
  const [r, s, g, d, p] = draft.tiers.map((tier) => {
    if (tier.rules.length === 0) return '0';
    return local(tier.rules.map((rule) => '(' + rule.all.map(condition).join(' & ') + ')').join(' | '), 't', (e) => `(${e}) | 0`);
  });
  const decl = [...[...loads].map((c) => `const c_${c} = S.${c};`), ...[...thresholds.values()].map((j) => `const k${j} = K[${j}];`)].join(
    '\n',
  );
  const src = `${decl}
let prot = 0;
for (let i = 0; i < n; i++) {
  ${body.join('\n  ')}
  const s = ${r} * (1 + (${s} | ${g} | ${d} | ${p}) + (${g} | ${d} | ${p}) + (${d} | ${p}) + ${p});
  scen[i] = s;
  const b = base[i];
  if (b !== s) {
    const c = b * 6 + s;
    cells[c]++;
    gmv[c] += annual[i];
  }
  prot += (s - assigned[i]) >>> 31;
}
return prot;`;
  let kernel = compiled.get(src);
  if (kernel) {
    compiled.delete(src);
  } else {
    kernel = new Function('K', 'S', 'n', 'base', 'scen', 'assigned', 'annual', 'cells', 'gmv', src) as Kernel;
    while (compiled.size >= MAX_KERNELS) compiled.delete(compiled.keys().next().value!);
  }
  compiled.set(src, kernel);
  const K = Float64Array.from(thresholds.keys());
  const run = kernel;
  return (S, n, base, scen, assigned, annual, cells, gmv) => run(K, S, n, base, scen, assigned, annual, cells, gmv);
}

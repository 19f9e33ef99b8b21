/** A key-by-key comparison of an audit row's before and after, for the diff view. */

export interface DiffRow {
  /** `tiers[2].rules[0]`, `status`, … ; `(value)` when the whole value is a scalar. */
  path: string;
  /** JSON text of the value; undefined when the path does not exist on that side. */
  before: string | undefined;
  after: string | undefined;
  change: 'added' | 'removed' | 'changed' | 'same';
}

/** Leaf path → JSON text. null or undefined as a whole means "nothing" (a creation has no before). */
export function flatten(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (value === null || value === undefined) {
    if (prefix) out.set(prefix, 'null');
    return out;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) out.set(prefix || '(value)', '[]');
    value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out));
    return out;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) out.set(prefix || '(value)', '{}');
    for (const [k, v] of entries) flatten(v, prefix ? `${prefix}.${k}` : k, out);
    return out;
  }
  out.set(prefix || '(value)', JSON.stringify(value));
  return out;
}

/** Every leaf of either side, in the order of `before` then the new ones of `after`. */
export function diff(before: unknown, after: unknown): DiffRow[] {
  const a = flatten(before);
  const b = flatten(after);
  const rows: DiffRow[] = [];
  for (const [path, v] of a) {
    const w = b.get(path);
    rows.push({ path, before: v, after: w, change: w === undefined ? 'removed' : w === v ? 'same' : 'changed' });
  }
  for (const [path, w] of b) if (!a.has(path)) rows.push({ path, before: undefined, after: w, change: 'added' });
  return rows;
}

import type { Formatters } from '../../lib/format';

/** One field of an audited change, in words: `利润分成 12.0% → 12.5%`. */
export interface ChangeLine {
  path: string;
  label: string;
  before: string | null;
  after: string | null;
}

export interface Words {
  /** A label for a field name or a path segment, or null when none is known. */
  label(key: string): string | null;
  yes: string;
  no: string;
  tier(id: string): string | null;
  /** A status code (`draft`) in words (`草稿`), or null. */
  status(code: string): string | null;
  /** `{n}` items of a list (`5 项`) for nested values of a created entity. */
  items(n: number): string;
}

/** Fields whose value is money in yuan (contract snapshots), a fraction shown as a percent, a tier, a date. */
const MONEY_YUAN = new Set(['annualCommitment', 'pointValue', 'value']);
const PERCENT = new Set(['profitShare', 'priceMultiplier', 'quarterlyRebate', 'tradingFee', 'discountShare']);
const TIER = new Set(['tier', 'pendingTier', 'computedTier', 'from', 'to']);
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

const lastKey = (path: string) => /([A-Za-z_][\w]*)(?:\[\d+\])*$/.exec(path)?.[1] ?? path;

/** `profitShare` → `profit share`: a readable fallback for a field nobody labelled. */
export function humanize(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
}

/** A path (`document.tiers[2].rules[0]`) with each known segment translated: `政策文档 › 等级 3 › 规则 1`. */
export function pathLabel(path: string, w: Words): string {
  return path
    .split('.')
    .map((seg) => {
      const m = /^([^[]*)((?:\[\d+\])*)$/.exec(seg);
      const key = m?.[1] ?? seg;
      const idx = [...(m?.[2] ?? '').matchAll(/\[(\d+)\]/g)].map((i) => ` ${Number(i[1]) + 1}`).join('');
      return `${w.label(key) ?? humanize(key)}${idx}`;
    })
    .join(' › ');
}

/** A leaf value in the user's language, with its unit. */
export function valueText(path: string, value: unknown, f: Formatters, w: Words): string {
  if (value === null || value === undefined) return '—';
  const key = lastKey(path);
  if (typeof value === 'boolean') return value ? w.yes : w.no;
  if (typeof value === 'number') {
    if (MONEY_YUAN.has(key) && !path.includes('rules')) return f.yuan(value);
    if (PERCENT.has(key)) return f.percent(value);
    if (/(At|Ms)$/.test(key) && value > 1e11) return f.instant(value);
    return f.number(value);
  }
  if (typeof value === 'string') {
    if (TIER.has(key)) return w.tier(value) ?? value;
    if (key === 'status') return w.status(value) ?? value;
    if (DATE_RE.test(value)) return f.date(value);
    return value;
  }
  if (Array.isArray(value)) return value.length === 0 ? '—' : w.items(value.length);
  return w.items(Object.keys(value as object).length);
}

function leaves(value: unknown, prefix: string, out: Map<string, unknown>, depth: number): Map<string, unknown> {
  const isObj = value !== null && typeof value === 'object';
  if (!isObj || depth === 0) {
    out.set(prefix || '(value)', value);
    return out;
  }
  const entries = Array.isArray(value) ? value.map((v, i) => [`[${i}]`, v] as const) : Object.entries(value as object);
  if (entries.length === 0) out.set(prefix || '(value)', value);
  for (const [k, v] of entries) leaves(v, k.startsWith('[') ? `${prefix}${k}` : prefix ? `${prefix}.${k}` : k, out, depth - 1);
  return out;
}

/**
 * What an audit row changed, field by field. A creation or deletion lists the entity's own fields
 * (a nested document as `N 项`, not its hundred leaves); a change lists only the leaves that differ.
 */
export function describeChanges(before: unknown, after: unknown, f: Formatters, w: Words, wholeDepth = 1): ChangeLine[] {
  const whole = before === null || before === undefined || after === null || after === undefined;
  const depth = whole ? wholeDepth : Infinity;
  const a = leaves(before ?? null, '', new Map(), before == null ? 0 : depth);
  const b = leaves(after ?? null, '', new Map(), after == null ? 0 : depth);
  if (whole) {
    const side = before == null ? b : a;
    if (side.size === 1 && side.has('(value)') && (before == null) !== (after == null)) {
      const v = side.get('(value)');
      if (v === null || typeof v !== 'object')
        return [
          {
            path: '(value)',
            label: '',
            before: before == null ? null : valueText('', before, f, w),
            after: after == null ? null : valueText('', after, f, w),
          },
        ];
    }
    return [...side].map(([path, v]) => ({
      path,
      label: pathLabel(path, w),
      before: before == null ? null : valueText(path, v, f, w),
      after: after == null ? null : valueText(path, v, f, w),
    }));
  }
  const lines: ChangeLine[] = [];
  for (const path of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(path);
    const y = b.get(path);
    if (JSON.stringify(x) === JSON.stringify(y)) continue;
    lines.push({
      path,
      label: path === '(value)' ? '' : pathLabel(path, w),
      before: a.has(path) ? valueText(path, x, f, w) : null,
      after: b.has(path) ? valueText(path, y, f, w) : null,
    });
  }
  return lines;
}

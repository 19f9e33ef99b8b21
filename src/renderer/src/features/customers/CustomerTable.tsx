import { forwardRef, useEffect, useImperativeHandle, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { Empty, Tag, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { CustomerListRow, CustomerSortKey } from '@shared/api/channels/customers';
import { useFormat } from '../../lib/useFormat';
import type { Formatters } from '../../lib/format';
import { TierLabel } from './TierLabel';
import { PAGE_SIZE, rowAt, useCustomersStore, type ColumnKey } from './store';

const ROW_HEIGHT = 40;

interface Column {
  /** Fixed, so every row (each its own grid) lines up with the header. */
  width: string;
  sort?: CustomerSortKey;
  num?: boolean;
  cell(r: CustomerListRow, f: Formatters, t: (k: string) => string): ReactNode;
}

const money = (fen: number | undefined, f: Formatters, t: (k: string) => string) =>
  fen === undefined ? <span className="muted">{t('customers.neverEvaluated')}</span> : f.cny(fen);

const COLUMNS: Record<ColumnKey, Column> = {
  customerId: { width: '150px', sort: 'customerId', cell: (r) => <span className="mono">{r.customerId}</span> },
  name: { width: '180px', cell: (r) => r.name },
  kind: { width: '96px', cell: (r, _f, t) => t(`customers.kind.${r.kind}`) },
  tier: { width: '200px', sort: 'tier', cell: (r) => <TierLabel tier={r.tier} override={r.override} /> },
  computedTier: { width: '150px', cell: (r) => <TierLabel tier={r.computedTier} /> },
  pending: { width: '150px', cell: (r) => (r.pendingTier ? <TierLabel tier={r.pendingTier} /> : <span className="muted">—</span>) },
  protectedUntil: { width: '120px', cell: (r, f) => (r.protectedUntil ? f.date(r.protectedUntil) : <span className="muted">—</span>) },
  cumulative: { width: '150px', sort: 'cumulativeSpend', num: true, cell: (r, f, t) => money(r.metrics?.cumulativeFen, f, t) },
  window: { width: '150px', sort: 'windowSpend', num: true, cell: (r, f, t) => money(r.metrics?.windowFen, f, t) },
  annual: { width: '150px', sort: 'annualSpend', num: true, cell: (r, f, t) => money(r.metrics?.annualFen, f, t) },
  paidOrders: { width: '100px', num: true, cell: (r, f) => (r.metrics ? f.count(r.metrics.paidOrders) : '—') },
  referrals: { width: '100px', num: true, cell: (r, f) => (r.metrics ? f.count(r.metrics.activeReferrals) : '—') },
  verified: {
    width: '150px',
    cell: (r, _f, t) => (
      <>
        <Verified ok={r.realnameVerified} label={t('customers.verifiedShort.realname')} />
        <Verified ok={r.phoneVerified} label={t('customers.verifiedShort.phone')} />
      </>
    ),
  },
};

function Verified({ ok, label }: { ok: boolean; label: string }) {
  return (
    <Tag color={ok ? 'green' : 'default'} icon={ok ? <CheckOutlined /> : <CloseOutlined />}>
      {label}
    </Tag>
  );
}

export interface CustomerTableHandle {
  focus(): void;
}

/**
 * The whole list as one scrolling grid: only the rows in view are drawn, and only their pages are
 * fetched. ↑ ↓ PageUp PageDown Home End move the active row, Enter opens the customer file.
 */
export const CustomerTable = forwardRef<CustomerTableHandle>(function CustomerTable(_props, ref) {
  const { t } = useTranslation();
  const f = useFormat();
  const { columns, sort, total, pages, active, all, generation, view, sortBy, ensureRows, setActive, open } = useCustomersStore(
    useShallow((s) => ({
      columns: s.columns,
      sort: s.sort,
      total: s.total,
      pages: s.pages,
      active: s.active,
      all: s.all,
      generation: s.generation,
      view: s.view,
      sortBy: s.sortBy,
      ensureRows: s.ensureRows,
      setActive: s.setActive,
      open: s.open,
    })),
  );
  const scroller = useRef<HTMLDivElement>(null);
  useImperativeHandle(ref, () => ({ focus: () => scroller.current?.focus() }), []);
  const count = total ?? 0;
  // The sticky header sits above the rows inside the scroller: rows start one row height down.
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    scrollMargin: ROW_HEIGHT,
    scrollPaddingStart: ROW_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;

  // A reload keeping its place (total still unknown) asks for the rows in view at once.
  useEffect(() => {
    if (count > 0 || total === null) ensureRows(Math.max(0, first - PAGE_SIZE / 4), last + PAGE_SIZE / 4);
  }, [first, last, count, total, ensureRows, generation]);

  // A new filter or sort starts at the top.
  useEffect(() => {
    scroller.current?.scrollTo({ top: 0 });
  }, [view]);

  const template = columns.map((k) => COLUMNS[k].width).join(' ');
  const move = (to: number) => {
    const i = Math.max(0, Math.min(to, count - 1));
    setActive(i);
    virtualizer.scrollToIndex(i, { align: 'auto' });
  };
  const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const to: Record<string, number> = {
      ArrowDown: active + 1,
      ArrowUp: active - 1,
      PageDown: active + page,
      PageUp: active - page,
      Home: 0,
      End: count - 1,
    };
    if (e.key in to) {
      e.preventDefault();
      move(to[e.key]!);
    } else if (e.key === 'Enter') {
      const row = rowAt(pages, active);
      if (row) {
        e.preventDefault();
        open(row.customerId);
      }
    }
  };

  if (total === 0) {
    return (
      <div className="customers-grid customers-empty" data-testid="customers-empty">
        <Empty description={all === 0 ? t('customers.empty.noCustomers') : t('customers.empty.noMatch')} />
      </div>
    );
  }

  const activeRow = rowAt(pages, active);
  return (
    <div
      ref={scroller}
      className="customers-grid"
      role="grid"
      aria-rowcount={count}
      aria-activedescendant={activeRow ? `customer-row-${active}` : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      data-testid="customers-grid"
    >
      <div className="customers-head" role="row" style={{ gridTemplateColumns: template }}>
        {columns.map((k) => {
          const c = COLUMNS[k];
          const sorted = c.sort !== undefined && sort.key === c.sort;
          return (
            <div
              key={k}
              role="columnheader"
              className={`${c.sort ? 'sortable' : ''} ${c.num ? 'num' : ''}`}
              aria-sort={sorted ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
              onClick={c.sort ? () => sortBy(c.sort!) : undefined}
              data-testid={`col-${k}`}
            >
              {t(`customers.col.${k}`)} {sorted && (sort.dir === 'asc' ? <ArrowUpOutlined /> : <ArrowDownOutlined />)}
            </div>
          );
        })}
      </div>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((v) => {
          const row = rowAt(pages, v.index);
          return (
            <div
              key={v.key}
              id={`customer-row-${v.index}`}
              role="row"
              aria-rowindex={v.index + 1}
              aria-selected={v.index === active}
              className={`customers-row ${v.index === active ? 'active' : ''}`}
              style={{ top: v.start - ROW_HEIGHT, gridTemplateColumns: template }}
              data-testid={row ? 'customer-row' : 'customer-row-loading'}
              data-id={row?.customerId}
              onClick={() => {
                setActive(v.index);
                if (row) open(row.customerId);
              }}
            >
              {row ? (
                columns.map((k) => (
                  <div key={k} role="gridcell" className={COLUMNS[k].num ? 'num' : undefined}>
                    {COLUMNS[k].cell(row, f, t)}
                  </div>
                ))
              ) : (
                <div role="gridcell">
                  <Typography.Text type="secondary">{t('customers.loadingRows')}</Typography.Text>
                </div>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
});

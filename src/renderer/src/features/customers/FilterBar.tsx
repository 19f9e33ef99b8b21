import { forwardRef, useEffect, useState } from 'react';
import { Button, Input, Select, Space, Tag, type InputRef } from 'antd';
import { FilterOutlined, SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { TIERS, type Tier } from '@shared/tiers';
import type { CustomerFilter, FenRange } from '@shared/api/channels/customers';
import { parseCnyToFen } from '@shared/money';
import { TierDot } from '../../components/Tier';
import { useCustomersStore } from './store';

type Flag = 'mismatch' | 'pending' | 'protected' | 'overridden';
const FLAGS: Flag[] = ['mismatch', 'pending', 'protected', 'overridden'];
type RangeKey = 'cumulativeFen' | 'windowFen' | 'annualFen';
const RANGES: [RangeKey, string][] = [
  ['cumulativeFen', 'cumulative'],
  ['windowFen', 'window'],
  ['annualFen', 'annual'],
];

const fenText = (fen: number | undefined) => (fen === undefined ? '' : (fen / 100).toFixed(2).replace(/\.00$/, ''));

/** Search box (debounced), tiers, kind, status flags, verification and spend ranges. */
export const FilterBar = forwardRef<InputRef, { onSearchArrowDown: () => void }>(function FilterBar({ onSearchArrowDown }, searchRef) {
  const { t } = useTranslation();
  const { filter, setFilter, clearFilter } = useCustomersStore(
    useShallow((s) => ({ filter: s.filter, setFilter: s.setFilter, clearFilter: s.clearFilter })),
  );
  const [search, setSearch] = useState(filter.search ?? '');
  const [more, setMore] = useState(false);

  // The list follows the box after a pause in typing; the box follows a cleared filter.
  useEffect(() => setSearch(filter.search ?? ''), [filter.search]);
  useEffect(() => {
    if (search === (filter.search ?? '')) return;
    const timer = setTimeout(() => setFilter({ search: search || undefined }), 250);
    return () => clearTimeout(timer);
  }, [search, filter.search, setFilter]);

  const tiers = filter.tier === undefined ? [] : Array.isArray(filter.tier) ? filter.tier : [filter.tier];
  const yesNo = (v: boolean | undefined) => (v === undefined ? 'any' : v ? 'yes' : 'no');
  const fromYesNo = (v: string) => (v === 'any' ? undefined : v === 'yes');
  const filtered = Object.keys(filter).some((k) => filter[k as keyof CustomerFilter] !== undefined);

  return (
    <>
      <div className="customers-toolbar">
        <Input
          ref={searchRef}
          className="customers-search"
          data-testid="customers-search"
          prefix={<SearchOutlined />}
          allowClear
          placeholder={t('customers.searchPlaceholder')}
          aria-label={t('customers.searchPlaceholder')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              onSearchArrowDown();
            } else if (e.key === 'Enter' && search !== (filter.search ?? '')) {
              setFilter({ search: search || undefined });
            }
          }}
        />
        <Select<Tier[]>
          mode="multiple"
          allowClear
          className="customers-tiers"
          data-testid="filter-tier"
          aria-label={t('customers.filters.tier')}
          placeholder={t('customers.filters.allTiers')}
          value={tiers}
          maxTagCount="responsive"
          onChange={(v) => setFilter({ tier: v.length ? v : undefined })}
          options={TIERS.map((tier) => ({
            value: tier,
            label: (
              <span>
                <TierDot tier={tier} />
                {t(`tier.${tier}`)}
              </span>
            ),
          }))}
        />
        <Select<'individual' | 'enterprise'>
          allowClear
          className="customers-select"
          data-testid="filter-kind"
          aria-label={t('customers.filters.kind')}
          placeholder={t('customers.filters.allKinds')}
          value={filter.kind}
          onChange={(v) => setFilter({ kind: v })}
          options={(['individual', 'enterprise'] as const).map((k) => ({ value: k, label: t(`customers.kind.${k}`) }))}
        />
        <Space size={4} wrap role="group" aria-label={t('customers.filters.status')}>
          {FLAGS.map((flag) => (
            <Tag.CheckableTag
              key={flag}
              data-testid={`filter-${flag}`}
              checked={filter[flag] === true}
              onChange={(checked) => setFilter({ [flag]: checked ? true : undefined })}
            >
              {t(`customers.filters.${flag}`)}
            </Tag.CheckableTag>
          ))}
        </Space>
        <Button
          icon={<FilterOutlined />}
          type={more ? 'primary' : 'default'}
          ghost={more}
          onClick={() => setMore(!more)}
          aria-expanded={more}
          data-testid="filter-more"
        >
          {t('customers.filters.more')}
        </Button>
        {filtered && (
          <Button type="link" onClick={clearFilter} data-testid="filter-clear">
            {t('customers.filters.clear')}
          </Button>
        )}
      </div>
      {more && (
        <div className="customers-more" data-testid="filters-more">
          {(['realnameVerified', 'phoneVerified'] as const).map((key) => (
            <label key={key} className="customers-range">
              {t(`customers.filters.${key === 'realnameVerified' ? 'realname' : 'phone'}`)}
              <Select
                className="customers-select"
                value={yesNo(filter[key])}
                onChange={(v) => setFilter({ [key]: fromYesNo(v) })}
                options={['any', 'yes', 'no'].map((v) => ({ value: v, label: t(`customers.filters.${v}`) }))}
              />
            </label>
          ))}
          {RANGES.map(([key, label]) => (
            <RangeInput
              key={key}
              label={t(`customers.filters.${label}`)}
              range={filter[key]}
              onChange={(r) => setFilter({ [key]: r })}
              testId={`filter-${label}`}
            />
          ))}
        </div>
      )}
    </>
  );
});

/** Min and max in CNY (the spec's amount format), applied on Enter or when leaving the box. */
function RangeInput({
  label,
  range,
  onChange,
  testId,
}: {
  label: string;
  range: FenRange | undefined;
  onChange: (r: FenRange | undefined) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const [min, setMin] = useState(fenText(range?.min));
  const [max, setMax] = useState(fenText(range?.max));
  useEffect(() => {
    setMin(fenText(range?.min));
    setMax(fenText(range?.max));
  }, [range?.min, range?.max]);
  const parse = (s: string): number | undefined | null => (s.trim() === '' ? undefined : parseCnyToFen(s));
  const lo = parse(min);
  const hi = parse(max);
  const crossed = lo !== undefined && lo !== null && hi !== undefined && hi !== null && lo > hi;
  const bad = lo === null || hi === null || crossed;
  const apply = () => {
    if (bad) return;
    const next =
      lo === undefined && hi === undefined
        ? undefined
        : { ...(lo !== undefined ? { min: lo } : {}), ...(hi !== undefined ? { max: hi } : {}) };
    if (next?.min !== range?.min || next?.max !== range?.max) onChange(next);
  };
  return (
    <span className="customers-range" data-testid={testId}>
      {label}
      <Input
        aria-label={`${label} ${t('customers.filters.min')}`}
        placeholder={t('customers.filters.min')}
        status={lo === null ? 'error' : undefined}
        title={lo === null ? t('customers.filters.badAmount') : undefined}
        value={min}
        onChange={(e) => setMin(e.target.value)}
        onBlur={apply}
        onPressEnter={apply}
      />
      –
      <Input
        aria-label={`${label} ${t('customers.filters.max')}`}
        placeholder={t('customers.filters.max')}
        status={hi === null || crossed ? 'error' : undefined}
        title={hi === null ? t('customers.filters.badAmount') : crossed ? t('customers.filters.crossed') : undefined}
        value={max}
        onChange={(e) => setMax(e.target.value)}
        onBlur={apply}
        onPressEnter={apply}
      />
    </span>
  );
}

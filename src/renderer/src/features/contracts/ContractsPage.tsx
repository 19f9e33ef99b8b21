import { useEffect, useState } from 'react';
import { Alert, Button, Card, Empty, Input, Progress, Select, Space, Spin, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, PlusOutlined, SyncOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import {
  CONTRACT_FLAG_LIST,
  CONTRACT_STATUS_LIST,
  type ContractExpiryRun,
  type ContractFlag,
  type ContractInfo,
  type ContractStatus,
} from '@shared/api/channels/contracts';
import type { ApiError } from '@shared/api';
import { api } from '../../lib/api';
import { useFormat } from '../../lib/useFormat';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { ContractForm, type FormMode } from './ContractForm';
import { ContractView } from './ContractView';
import { FlagTags, StatusTag, TierName } from './tags';
import { useContractsStore } from './store';
import './contracts.css';

export function ContractsPage() {
  const { sync, loadCard, number } = useContractsStore(
    useShallow((s) => ({ sync: s.syncFromHash, loadCard: s.loadCard, number: s.route.number })),
  );
  useEffect(() => {
    sync();
    void loadCard();
    window.addEventListener('hashchange', sync);
    return () => window.removeEventListener('hashchange', sync);
  }, [sync, loadCard]);
  return (
    <div data-testid="page-contracts" className="contracts-page">
      {number ? <ContractView /> : <ContractList />}
    </div>
  );
}

function ContractList() {
  const { t } = useTranslation();
  const f = useFormat();
  const { route, list, listError, loadingList, setFilters, open, loadList, loadCard } = useContractsStore(
    useShallow((s) => ({
      route: s.route,
      list: s.list,
      listError: s.listError,
      loadingList: s.loadingList,
      setFilters: s.setFilters,
      open: s.open,
      loadList: s.loadList,
      loadCard: s.loadCard,
    })),
  );
  const [search, setSearch] = useState(route.search);
  const [form, setForm] = useState<FormMode | null>(null);
  const [expiry, setExpiry] = useState<{ running: boolean; result: ContractExpiryRun | null; error: ApiError | null }>({
    running: false,
    result: null,
    error: null,
  });

  // The box follows the address (a link from the dashboard), and the list follows the box after a pause in typing.
  useEffect(() => setSearch(route.search), [route.search]);
  useEffect(() => {
    if (search === route.search) return;
    const timer = setTimeout(() => setFilters({ search }), 300);
    return () => clearTimeout(timer);
  }, [search, route.search, setFilters]);

  const runExpiry = async () => {
    setExpiry({ running: true, result: null, error: null });
    const r = await api.contractsExpire();
    setExpiry({ running: false, result: r.ok ? r.value : null, error: r.ok ? null : r.error });
    void loadList();
    void loadCard();
  };

  const filtered = route.status !== null || route.flag !== null || route.search !== '';
  if (form) {
    return (
      <ContractForm
        mode={form}
        onClose={() => setForm(null)}
        onSaved={(d) => {
          setForm(null);
          useContractsStore.getState().applied(d);
          open(d.contract.number);
        }}
      />
    );
  }

  return (
    <Card
      title={t('contracts.title')}
      extra={
        <Space>
          <Button
            icon={<SyncOutlined spin={expiry.running} />}
            disabled={expiry.running}
            onClick={() => void runExpiry()}
            data-testid="contracts-run-expiry"
          >
            {t('contracts.runExpiry')}
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({ kind: 'create' })} data-testid="contract-new">
            {t('contracts.new')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('contracts.intro')}</Typography.Paragraph>
      <Space wrap className="contracts-filters">
        <Select<ContractStatus | ''>
          aria-label={t('contracts.col.status')}
          data-testid="contracts-status-filter"
          className="contracts-filter"
          value={route.status ?? ''}
          onChange={(v) => setFilters({ status: v === '' ? null : v })}
          options={[
            { value: '', label: t('contracts.filter.allStatuses') },
            ...CONTRACT_STATUS_LIST.map((s) => ({ value: s, label: t(`contracts.status.${s}`) })),
          ]}
        />
        <Select<ContractFlag | ''>
          aria-label={t('contracts.col.flags')}
          data-testid="contracts-flag-filter"
          className="contracts-filter"
          value={route.flag ?? ''}
          onChange={(v) => setFilters({ flag: v === '' ? null : v })}
          options={[
            { value: '', label: t('contracts.filter.allFlags') },
            ...CONTRACT_FLAG_LIST.map((fl) => ({ value: fl, label: t(`contracts.flag.${fl}`) })),
          ]}
        />
        <Input.Search
          allowClear
          className="contracts-search"
          data-testid="contracts-search"
          placeholder={t('contracts.filter.search')}
          aria-label={t('contracts.filter.search')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(v) => setFilters({ search: v })}
        />
        {filtered && (
          <Button onClick={() => setFilters({ status: null, flag: null, search: '' })} data-testid="contracts-clear-filters">
            {t('contracts.filter.clear')}
          </Button>
        )}
        {list && (
          <Typography.Text type="secondary" data-testid="contracts-count">
            {t('contracts.filter.count', { count: list.length })}
          </Typography.Text>
        )}
      </Space>
      {listError && <ApiErrorAlert error={listError} scope="contracts" testId="contract-error" />}
      {expiry.error && (
        <ApiErrorAlert
          error={expiry.error}
          scope="contracts"
          testId="contract-error"
          onClose={() => setExpiry((e) => ({ ...e, error: null }))}
        />
      )}
      {expiry.result && (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setExpiry((e) => ({ ...e, result: null }))}
          className="contracts-alert"
          data-testid="contracts-expiry-done"
          title={t('contracts.expiryDone', {
            date: f.date(expiry.result.today),
            expired: expiry.result.expired.length,
            renewed: expiry.result.renewed.length,
            activated: expiry.result.activated.length,
            flagged: expiry.result.flagged.length,
          })}
        />
      )}
      {list === null && loadingList && <Spin className="page-spin" />}
      {list !== null && list.length === 0 && (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={<span data-testid="contracts-empty">{filtered ? t('contracts.empty.filtered') : t('contracts.empty.none')}</span>}
        />
      )}
      {list !== null && list.length > 0 && (
        <ContractTable rows={list} sort={route.sort} onSort={(sort) => setFilters({ sort })} onOpen={open} />
      )}
    </Card>
  );
}

/**
 * A plain table: antd's Table measures the scrollbar by injecting a <style> without the CSP nonce.
 * Supreme partners are a small group, so every row is drawn; the order is the server's (by end day).
 */
function ContractTable({
  rows,
  sort,
  onSort,
  onOpen,
}: {
  rows: ContractInfo[];
  sort: 'end' | '-end';
  onSort: (s: 'end' | '-end') => void;
  onOpen: (n: string) => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <div className="contracts-table-wrap">
      <table className="contracts-table" data-testid="contracts-table">
        <thead>
          <tr>
            <th>{t('contracts.col.number')}</th>
            <th>{t('contracts.col.customer')}</th>
            <th>{t('contracts.col.status')}</th>
            <th aria-sort={sort === 'end' ? 'ascending' : 'descending'}>
              <Button
                type="text"
                size="small"
                className="contracts-sort"
                onClick={() => onSort(sort === 'end' ? '-end' : 'end')}
                data-testid="contracts-sort-end"
                data-sort={sort}
              >
                {t('contracts.col.period')} {sort === 'end' ? <ArrowUpOutlined /> : <ArrowDownOutlined />}
              </Button>
            </th>
            <th className="num">{t('contracts.col.commitment')}</th>
            <th className="contracts-progress-col">{t('contracts.col.progress')}</th>
            <th>{t('contracts.col.flags')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr key={c.number} data-number={c.number}>
              <td>
                <Button type="link" className="contract-number" onClick={() => onOpen(c.number)} data-testid={`contract-open-${c.number}`}>
                  {c.number}
                </Button>
              </td>
              <td>
                <div>{c.customerName}</div>
                <Typography.Text type="secondary" className="contract-sub">
                  {c.customerId} · <TierName tier={c.customerTier} />
                </Typography.Text>
              </td>
              <td>
                <StatusTag status={c.status} />
              </td>
              <td className="num-left">
                {f.date(c.start)} – <strong>{f.date(c.end)}</strong>
              </td>
              <td className="num">{f.cny(c.commitmentFen)}</td>
              <td>
                {c.commitment && (c.status === 'active' || c.status === 'suspended') ? (
                  <Progress
                    size="small"
                    percent={Math.min(100, c.commitment.progress * 100)}
                    format={() => f.percent(c.commitment!.progress)}
                    status={c.commitment.behind ? 'exception' : 'normal'}
                  />
                ) : (
                  <Typography.Text type="secondary">{t('contracts.term.none')}</Typography.Text>
                )}
              </td>
              <td>
                <FlagTags flags={c.flags} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

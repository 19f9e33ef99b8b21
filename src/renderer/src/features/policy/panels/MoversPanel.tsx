import { useDeferredValue, useEffect, useState } from 'react';
import { App, Button, Card, Input, Pagination, Segmented, Space, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useFormat } from '../../../lib/useFormat';
import { useStudioStore } from '../store';
import { MOVERS_PAGE } from '../studioState';
import { downloadMovers } from './downloadMovers';
import { MoversTable } from './MoversTable';

export function MoversPanel() {
  const { t } = useTranslation();
  const f = useFormat();
  const { message } = App.useApp();
  const { liveMovers, query, loading, simulationId, setMoversQuery, loadMoversPage } = useStudioStore(
    useShallow((s) => ({
      liveMovers: s.movers,
      query: s.moversQuery,
      loading: s.moversLoading,
      simulationId: s.result?.simulationId ?? null,
      setMoversQuery: s.setMoversQuery,
      loadMoversPage: s.loadMoversPage,
    })),
  );
  const movers = useDeferredValue(liveMovers);
  const [search, setSearch] = useState(query.search);
  const [exporting, setExporting] = useState(false);
  useEffect(() => {
    if (search === query.search) return;
    const timer = setTimeout(() => setMoversQuery({ search }), 250);
    return () => clearTimeout(timer);
  }, [search, query.search, setMoversQuery]);

  const exportCsv = async () => {
    if (!simulationId) return;
    setExporting(true);
    const r = await downloadMovers(simulationId, query);
    setExporting(false);
    if (r.ok) void message.success(t('policy.movers.exported', { file: r.fileName, rows: f.count(r.rows) }));
    else void message.error(t('policy.movers.exportFailed', { message: r.message }));
  };
  const filtered = Boolean(query.search || query.direction || query.from);
  return (
    <Card size="small" title={t('policy.movers.title')} data-testid="panel-movers" className="panel-card">
      <Space wrap className="movers-bar">
        <Input.Search
          allowClear
          placeholder={t('policy.movers.search')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          style={{ width: 240 }}
          data-testid="movers-search"
          aria-label={t('policy.movers.search')}
        />
        <Segmented
          value={query.direction ?? 'all'}
          onChange={(v) => setMoversQuery({ direction: v === 'all' ? null : (v as 'up' | 'down'), from: null, to: null })}
          options={[
            { value: 'all', label: t('policy.movers.all') },
            { value: 'up', label: t('policy.movers.up') },
            { value: 'down', label: t('policy.movers.down') },
          ]}
          data-testid="movers-direction"
        />
        {query.from && query.to && (
          <Tag closable onClose={() => setMoversQuery({ from: null, to: null })} data-testid="movers-cell">
            {t('policy.movers.cell', { from: t(`tier.${query.from}`), to: t(`tier.${query.to}`) })}
          </Tag>
        )}
        <Button
          icon={<DownloadOutlined />}
          onClick={() => void exportCsv()}
          loading={exporting}
          disabled={!movers || movers.total === 0}
          data-testid="movers-export"
        >
          {t('policy.movers.export')}
        </Button>
      </Space>
      <MoversTable movers={movers} loading={loading} filtered={filtered} />
      {movers && movers.total > 0 && (
        <div className="movers-footer">
          <Typography.Text type="secondary" data-testid="movers-total">
            {t('policy.movers.total', { n: f.count(movers.total) })}
          </Typography.Text>
          <Pagination
            size="small"
            current={Math.floor(movers.offset / MOVERS_PAGE) + 1}
            pageSize={MOVERS_PAGE}
            total={movers.total}
            showSizeChanger={false}
            onChange={(page) => void loadMoversPage((page - 1) * MOVERS_PAGE)}
          />
        </div>
      )}
    </Card>
  );
}

import { useEffect, useState, type HTMLAttributes } from 'react';
import { App, Button, Card, DatePicker, Empty, Input, Select, Space, Table, Typography } from 'antd';
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { AuditEntry } from '@shared/api/channels/data';
import { currentLanguage } from '../../i18n';
import { useFormat } from '../../lib/useFormat';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { downloadExport } from '../data/download';
import { formatBytes } from '../data/helpers';
import { ChangeList, useWords } from './ChangeList';
import { describeChanges } from './describe';
import { useAuditStore } from './store';
import './audit.css';

/** `override.set` → its label, else the family's label with the verb, else the code itself. */
function useActionLabel(): (action: string) => string {
  const { t, i18n } = useTranslation();
  return (action) => {
    const key = `audit.action.${action}`;
    if (i18n.exists(key) && typeof t(key, { returnObjects: true }) === 'string') return t(key);
    const [family, ...rest] = action.split('.');
    const fam = `audit.family.${family}`;
    return i18n.exists(fam) ? `${t(fam)}${rest.length ? ` · ${rest.join('.')}` : ''}` : action;
  };
}

function useEntityLabel(): (entity: string) => string {
  const { t, i18n } = useTranslation();
  return (entity) => (i18n.exists(`audit.entity.${entity}`) ? t(`audit.entity.${entity}`) : entity);
}

/** Families (`override`) ahead of their actions (`override.set`, `override.clear`): the filter takes either. */
function actionOptions(actions: string[], label: (a: string) => string, familyLabel: (f: string) => string) {
  const families = [...new Set(actions.filter((a) => a.includes('.')).map((a) => a.split('.')[0]!))];
  return [
    ...families.map((f) => ({ value: f, label: familyLabel(f) })),
    ...actions.map((a) => ({ value: a, label: `${label(a)} (${a})` })),
  ];
}

export function AuditPage() {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const { message } = App.useApp();
  const actionLabel = useActionLabel();
  const entityLabel = useEntityLabel();
  const { filter, page, pageSize, rows, total, loading, error, facets, load, loadFacets, setFilter, resetFilter, setPage } = useAuditStore(
    useShallow((s) => ({
      filter: s.filter,
      page: s.page,
      pageSize: s.pageSize,
      rows: s.rows,
      total: s.total,
      loading: s.loading,
      error: s.error,
      facets: s.facets,
      load: s.load,
      loadFacets: s.loadFacets,
      setFilter: s.setFilter,
      resetFilter: s.resetFilter,
      setPage: s.setPage,
    })),
  );
  // The range picker keeps its own state; a new key clears it with the other filters.
  const [rangeKey, setRangeKey] = useState(0);
  const [exporting, setExporting] = useState(false);
  useEffect(() => {
    void load();
    void loadFacets();
  }, [load, loadFacets]);

  const familyLabel = (fam: string) =>
    i18n.exists(`audit.family.${fam}`) ? t('audit.allOf', { family: t(`audit.family.${fam}`) }) : `${fam}.*`;
  const exportCsv = async () => {
    setExporting(true);
    const r = await downloadExport({ kind: 'audit', filter }, currentLanguage());
    setExporting(false);
    if (r.ok) void message.success(t('data.export.downloaded', { name: r.fileName, size: formatBytes(r.bytes) }));
    else void message.error(r.error.message);
  };
  const words = useWords();
  /** One line for the table: what was created or deleted by its name, else the changed fields (up to three). */
  const summary = (r: AuditEntry): string => {
    const nameOf = (v: unknown): string | null => {
      if (v === null || typeof v !== 'object') return null;
      const o = v as Record<string, unknown>;
      const name = o.name ?? o.number;
      return typeof name === 'string' ? name : null;
    };
    if (r.before === null && r.after !== null && typeof r.after === 'object') {
      const name = nameOf(r.after);
      return name ? t('audit.created', { name }) : t('audit.createdPlain');
    }
    if (r.after === null && r.before !== null && typeof r.before === 'object') {
      const name = nameOf(r.before);
      return name ? t('audit.deleted', { name }) : t('audit.deletedPlain');
    }
    const lines = describeChanges(r.before ?? null, r.after ?? null, f, words, Infinity);
    if (r.before !== null || r.after !== null) {
      if (lines.length === 0) return t('audit.noChange');
      const shown = lines.slice(0, 3).map((l) => `${l.label ? `${l.label} ` : ''}${l.before ?? '—'} → ${l.after ?? '—'}`);
      return lines.length > 3 ? `${shown.join('；')} ${t('audit.more', { count: lines.length - 3 })}` : shown.join('；');
    }
    const details = describeChanges(null, r.details ?? null, f, words, Infinity);
    const text = details.map((l) => `${l.label} ${l.after ?? ''}`.trim()).join('；');
    return text.length > 100 ? `${text.slice(0, 100)}…` : text;
  };

  return (
    <div data-testid="page-audit" className="audit-page">
      <Card size="small" className="audit-filters">
        <Space wrap>
          <Select
            allowClear
            showSearch
            style={{ width: 160 }}
            placeholder={t('audit.filter.actor')}
            aria-label={t('audit.filter.actor')}
            value={filter.actor}
            onChange={(v) => setFilter({ actor: v })}
            options={(facets?.actors ?? []).map((a) => ({ value: a, label: a }))}
            data-testid="audit-filter-actor"
          />
          <Select
            allowClear
            showSearch
            style={{ width: 260 }}
            placeholder={t('audit.filter.action')}
            aria-label={t('audit.filter.action')}
            value={filter.action}
            onChange={(v) => setFilter({ action: v })}
            options={actionOptions(facets?.actions ?? [], actionLabel, familyLabel)}
            optionFilterProp="label"
            data-testid="audit-filter-action"
          />
          <Select
            allowClear
            style={{ width: 160 }}
            placeholder={t('audit.filter.entity')}
            aria-label={t('audit.filter.entity')}
            value={filter.entity}
            onChange={(v) => setFilter({ entity: v })}
            options={(facets?.entities ?? []).map((e) => ({ value: e, label: entityLabel(e) }))}
            data-testid="audit-filter-entity"
          />
          <Input.Search
            allowClear
            style={{ width: 200 }}
            placeholder={t('audit.filter.entityId')}
            aria-label={t('audit.filter.entityId')}
            defaultValue={filter.entityId}
            key={`id-${rangeKey}`}
            onSearch={(v) => setFilter({ entityId: v.trim() })}
          />
          <DatePicker.RangePicker
            key={`range-${rangeKey}`}
            allowEmpty={[true, true]}
            placeholder={[t('audit.filter.from'), t('audit.filter.to')]}
            onChange={(_, s) => setFilter({ from: s[0], to: s[1] })}
          />
          <Button
            onClick={() => {
              setRangeKey((k) => k + 1);
              resetFilter();
            }}
          >
            {t('audit.filter.clear')}
          </Button>
          <Button icon={<ReloadOutlined />} onClick={() => void Promise.all([load(), loadFacets()])} aria-label={t('audit.reload')} />
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportCsv()} data-testid="audit-export">
            {t('audit.export')}
          </Button>
        </Space>
      </Card>
      {error && <ApiErrorAlert error={error} scope="data" testId="data-error" />}
      <Card size="small">
        <Table<AuditEntry>
          size="small"
          rowKey="id"
          loading={loading}
          data-testid="audit-table"
          dataSource={rows}
          locale={{ emptyText: <Empty description={Object.keys(filter).length ? t('audit.emptyFiltered') : t('audit.empty')} /> }}
          onRow={(r) => ({ 'data-action': r.action, 'data-testid': 'audit-row' }) as HTMLAttributes<HTMLElement>}
          pagination={{
            current: page,
            pageSize,
            total,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100, 200],
            showTotal: (n) => t('audit.total', { count: n }),
            onChange: setPage,
          }}
          expandable={{
            expandedRowRender: (r) => (
              <Space orientation="vertical" style={{ width: '100%' }}>
                {(r.before !== null || r.after !== null) && <ChangeList before={r.before} after={r.after} />}
                {r.details !== null && r.details !== undefined && (
                  <>
                    <Typography.Text strong>{t('audit.details')}</Typography.Text>
                    <ChangeList before={null} after={r.details} testId="audit-details" leaves />
                  </>
                )}
              </Space>
            ),
          }}
          columns={[
            { key: 'at', title: t('audit.col.at'), width: 190, render: (_, r) => f.instant(r.at) },
            { key: 'actor', title: t('audit.col.actor'), width: 140, dataIndex: 'actor' },
            {
              key: 'action',
              title: t('audit.col.action'),
              render: (_, r) => (
                <Space orientation="vertical" size={0}>
                  <span data-testid="audit-action">{actionLabel(r.action)}</span>
                  <Typography.Text type="secondary" className="audit-code">
                    {r.action}
                  </Typography.Text>
                </Space>
              ),
            },
            {
              key: 'entity',
              title: t('audit.col.entity'),
              render: (_, r) => (
                <span>
                  {entityLabel(r.entity)}
                  {r.entityId ? <Typography.Text code>{r.entityId}</Typography.Text> : null}
                </span>
              ),
            },
            {
              key: 'summary',
              title: t('audit.col.summary'),
              render: (_, r) => <Typography.Text type="secondary">{summary(r)}</Typography.Text>,
            },
          ]}
        />
      </Card>
    </div>
  );
}

import { useState } from 'react';
import { Switch, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { diff, flatten, type DiffRow } from './diff';

const CHANGE_CLASS: Record<DiffRow['change'], string> = { added: 'diff-added', removed: 'diff-removed', changed: 'diff-changed', same: '' };

/** Before/after of an audited change, leaf by leaf; unchanged leaves hidden unless asked for. */
export function JsonDiff({ before, after }: { before: unknown; after: unknown }) {
  const { t } = useTranslation();
  const rows = diff(before, after);
  const unchanged = rows.filter((r) => r.change === 'same').length;
  const [all, setAll] = useState(false);
  const shown = all ? rows : rows.filter((r) => r.change !== 'same');
  return (
    <div data-testid="audit-diff">
      {unchanged > 0 && (
        <label className="diff-toggle">
          <Switch size="small" checked={all} onChange={setAll} /> {t('audit.showUnchanged', { count: unchanged })}
        </label>
      )}
      <Table<DiffRow>
        size="small"
        rowKey="path"
        pagination={false}
        dataSource={shown}
        rowClassName={(r) => CHANGE_CLASS[r.change]}
        columns={[
          { key: 'path', title: t('audit.diff.path'), render: (_, r) => <Typography.Text code>{r.path}</Typography.Text> },
          { key: 'change', title: t('audit.diff.change'), render: (_, r) => t(`audit.diff.${r.change}`) },
          { key: 'before', title: t('audit.diff.before'), render: (_, r) => <span className="diff-value">{r.before ?? '—'}</span> },
          { key: 'after', title: t('audit.diff.after'), render: (_, r) => <span className="diff-value">{r.after ?? '—'}</span> },
        ]}
      />
    </div>
  );
}

/** The extra facts of an audit row (files of an import, the run's counts, …) as a key/value table. */
export function DetailsTable({ details }: { details: unknown }) {
  const { t } = useTranslation();
  const rows = [...flatten(details)].map(([path, value]) => ({ path, value }));
  return (
    <Table<{ path: string; value: string }>
      size="small"
      rowKey="path"
      pagination={false}
      data-testid="audit-details"
      dataSource={rows}
      columns={[
        { key: 'path', title: t('audit.diff.path'), render: (_, r) => <Typography.Text code>{r.path}</Typography.Text> },
        { key: 'value', title: t('audit.diff.value'), render: (_, r) => <span className="diff-value">{r.value}</span> },
      ]}
    />
  );
}

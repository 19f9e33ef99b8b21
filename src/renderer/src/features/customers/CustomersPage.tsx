import { useEffect, useRef, useState } from 'react';
import { App, Button, Card, Checkbox, Popover, Space, Typography, type InputRef } from 'antd';
import { DownloadOutlined, SettingOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { currentLanguage } from '../../i18n';
import { useFormat } from '../../lib/useFormat';
import { downloadExport } from '../data/download';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { CustomerFile } from './CustomerFile';
import { CustomerTable, type CustomerTableHandle } from './CustomerTable';
import { FilterBar } from './FilterBar';
import { COLUMN_KEYS, useCustomersStore, type ColumnKey } from './store';
import { cleanFilter } from './route';
import './customers.css';

const NOT_TEXT = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image']);
/** A text box or editor has the keyboard: `/` is a character there. */
function isTyping(el: HTMLElement | null): boolean {
  if (!el) return false;
  if (el.tagName === 'INPUT') return !NOT_TEXT.has((el as HTMLInputElement).type);
  return el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable;
}

export function CustomersPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { message } = App.useApp();
  const { total, exact, all, tookMs, error, columns, openId, refresh, syncFromHash, setColumns } = useCustomersStore(
    useShallow((s) => ({
      total: s.total,
      exact: s.exact,
      all: s.all,
      tookMs: s.tookMs,
      error: s.error,
      columns: s.columns,
      openId: s.openId,
      refresh: s.refresh,
      syncFromHash: s.syncFromHash,
      setColumns: s.setColumns,
    })),
  );
  const search = useRef<InputRef>(null);
  const table = useRef<CustomerTableHandle>(null);
  const [exporting, setExporting] = useState(false);

  // Fresh rows on every visit: an evaluation or an import may have run since.
  useEffect(() => {
    syncFromHash();
    refresh();
    window.addEventListener('hashchange', syncFromHash);
    return () => window.removeEventListener('hashchange', syncFromHash);
  }, [refresh, syncFromHash]);

  // `/` focuses the search from anywhere on the page except while typing.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
      if (isTyping(e.target as HTMLElement | null)) return;
      if (useCustomersStore.getState().openId !== null) return;
      e.preventDefault();
      search.current?.focus({ cursor: 'all' });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // Closing the file (Esc) gives the keyboard back to the list.
  const wasOpen = useRef(openId !== null);
  useEffect(() => {
    if (wasOpen.current && openId === null) table.current?.focus();
    wasOpen.current = openId !== null;
  }, [openId]);

  const exportCsv = async () => {
    setExporting(true);
    const r = await downloadExport({ kind: 'customers', filter: cleanFilter(useCustomersStore.getState().filter) }, currentLanguage());
    setExporting(false);
    if (r.ok) void message.success(t('customers.exported', { name: r.fileName }));
    else void message.error(t('customers.exportFailed', { message: r.error.message }));
  };

  const chooser = (
    <Checkbox.Group<ColumnKey>
      className="customers-columns"
      value={columns}
      onChange={(v) => v.length > 0 && setColumns(v)}
      options={COLUMN_KEYS.map((k) => ({ value: k, label: t(`customers.col.${k}`), disabled: k === 'customerId' }))}
      style={{ display: 'grid', gap: 4 }}
    />
  );

  return (
    <Card data-testid="page-customers">
      <FilterBar ref={search} onSearchArrowDown={() => table.current?.focus()} />
      <div className="customers-summary">
        <Space size={16} wrap>
          {total !== null && all !== null && (
            <Typography.Text data-testid="customers-total" data-total={total} data-exact={exact}>
              {exact
                ? t('customers.count', { total: f.count(total), all: f.count(all) })
                : t('customers.countAtLeast', { total: f.count(total), all: f.count(all) })}
            </Typography.Text>
          )}
          {tookMs !== null && (
            <Typography.Text type="secondary" data-testid="customers-took">
              {t('customers.took', { ms: tookMs })}
            </Typography.Text>
          )}
          <Typography.Text type="secondary">{t('customers.keyboardHint')}</Typography.Text>
        </Space>
        <Space>
          <Popover content={chooser} trigger="click" placement="bottomRight">
            <Button icon={<SettingOutlined />} data-testid="columns-button">
              {t('customers.columns')}
            </Button>
          </Popover>
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportCsv()} data-testid="customers-export">
            {exporting ? t('customers.exporting') : t('customers.export')}
          </Button>
        </Space>
      </div>
      {error && <ApiErrorAlert error={error} scope="customers" testId="action-error" />}
      <CustomerTable ref={table} />
      <CustomerFile />
    </Card>
  );
}

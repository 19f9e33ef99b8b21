import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Empty, Space, Table, Tag, Typography } from 'antd';
import { RollbackOutlined, SaveOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '@shared/api';
import type { BackupInfo, BackupList, RestoreOutcome } from '@shared/api/channels/data';
import { api } from '../../lib/api';
import { useAppStore } from '../../app/store';
import { useFormat } from '../../lib/useFormat';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { formatBytes } from './helpers';

const REASON_COLOR: Record<BackupInfo['reason'], string> = {
  manual: 'blue',
  'before-import': 'green',
  'before-publish': 'purple',
  'before-restore': 'orange',
};

/**
 * The backups of a database with a restore button on each (behind a confirmation). Shared by the
 * Data page and the screen shown when the database cannot be opened.
 */
export function BackupTable({
  backups,
  onRestore,
  restoring,
}: {
  backups: BackupInfo[];
  onRestore: (b: BackupInfo) => void;
  restoring: string | null;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Table<BackupInfo>
      size="small"
      rowKey="name"
      data-testid="backup-table"
      dataSource={backups}
      pagination={false}
      columns={[
        { key: 'at', title: t('data.backups.col.at'), render: (_, b) => f.instant(b.at) },
        {
          key: 'reason',
          title: t('data.backups.col.reason'),
          render: (_, b) => (
            <Space wrap>
              <Tag color={REASON_COLOR[b.reason]}>{t(`data.backups.reason.${b.reason}`)}</Tag>
              {b.damaged && <Tag color="red">{t('data.backups.damaged')}</Tag>}
            </Space>
          ),
        },
        { key: 'size', title: t('data.backups.col.size'), align: 'right', render: (_, b) => formatBytes(b.size) },
        {
          key: 'name',
          title: t('data.backups.col.name'),
          render: (_, b) => (
            <Typography.Text type="secondary" copyable={{ text: b.file }}>
              {b.name}
            </Typography.Text>
          ),
        },
        {
          key: 'action',
          title: t('data.backups.col.action'),
          render: (_, b) =>
            b.damaged ? null : (
              <Button
                size="small"
                icon={<RollbackOutlined />}
                loading={restoring === b.name}
                disabled={restoring !== null}
                onClick={() => onRestore(b)}
                data-testid={`restore-${b.name}`}
              >
                {t('data.backups.restore')}
              </Button>
            ),
        },
      ]}
    />
  );
}

/** Asks before a restore; resolves true when confirmed. */
export function useConfirmRestore(): (b: BackupInfo) => Promise<boolean> {
  const { t } = useTranslation();
  const f = useFormat();
  const { modal } = App.useApp();
  return (b) =>
    modal
      .confirm({
        title: t('data.backups.confirmTitle'),
        content: t('data.backups.confirmBody', {
          at: f.instant(b.at),
          reason: t(`data.backups.reason.${b.reason}`),
          size: formatBytes(b.size),
        }),
        okText: t('data.backups.confirmOk'),
        cancelText: t('data.backups.confirmCancel'),
        okButtonProps: { danger: true, ...({ 'data-testid': 'restore-confirm' } as Record<`data-${string}`, string>) },
      })
      .then(
        (ok) => ok === true,
        () => false,
      );
}

export function BackupPanel() {
  const { t } = useTranslation();
  const f = useFormat();
  const { message } = App.useApp();
  const loadInfo = useAppStore((s) => s.loadInfo);
  const confirm = useConfirmRestore();
  const [list, setList] = useState<BackupList | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [creating, setCreating] = useState(false);
  const [restoring, setRestoring] = useState<string | null>(null);
  const [restored, setRestored] = useState<RestoreOutcome | null>(null);
  const load = useCallback(async () => {
    const r = await api.backupList();
    if (r.ok) setList(r.value);
    else setError(r.error);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const create = async () => {
    setCreating(true);
    setError(null);
    const r = await api.backupCreate();
    setCreating(false);
    if (r.ok) void message.success(t('data.backups.created', { name: r.value.name }));
    else setError(r.error);
    await load();
  };
  const restore = async (b: BackupInfo) => {
    if (!(await confirm(b))) return;
    setRestoring(b.name);
    setError(null);
    setRestored(null);
    const r = await api.backupRestore({ name: b.name });
    setRestoring(null);
    if (r.ok) {
      setRestored(r.value);
      await loadInfo();
    } else setError(r.error);
    await load();
  };

  return (
    <Space orientation="vertical" size="middle" className="data-panel" data-testid="backup-panel">
      <Typography.Paragraph type="secondary">{t('data.backups.intro', { keep: list?.keep ?? 7 })}</Typography.Paragraph>
      <Card
        size="small"
        title={list ? <Typography.Text type="secondary">{t('data.backups.folder', { folder: list.folder })}</Typography.Text> : null}
        extra={
          <Button type="primary" icon={<SaveOutlined />} loading={creating} onClick={() => void create()} data-testid="backup-now">
            {t('data.backups.now')}
          </Button>
        }
      >
        {restored && (
          <Alert
            type="success"
            showIcon
            closable
            data-testid="backup-restored"
            title={t('data.backups.restored', { at: f.instant(restored.restored.at), safeguard: restored.safeguard?.name ?? '—' })}
            onClose={() => setRestored(null)}
          />
        )}
        {error && <ApiErrorAlert error={error} scope="data" testId="data-error" onClose={() => setError(null)} />}
        {list &&
          (list.backups.length === 0 ? (
            <Empty description={t('data.backups.empty')} />
          ) : (
            <BackupTable backups={list.backups} onRestore={(b) => void restore(b)} restoring={restoring} />
          ))}
      </Card>
    </Space>
  );
}

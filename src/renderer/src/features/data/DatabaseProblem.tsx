import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Empty, Input, Result, Space, Spin, Typography } from 'antd';
import { FolderOpenOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '@shared/api';
import type { BackupInfo, DatabaseDiagnosis } from '@shared/api/channels/data';
import { api } from '../../lib/api';
import { BackupTable, useConfirmRestore } from './BackupPanel';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { formatBytes } from './helpers';

/**
 * The screen shown instead of the console when its database cannot be opened (damaged, unreadable,
 * read-only, locked, from a newer version, not a Tierdesk file): what is wrong, and the two ways
 * out — restore a backup, or open another file. The bad file is never modified or deleted.
 */
export function DatabaseProblem({ onOpened }: { onOpened: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const confirm = useConfirmRestore();
  const [status, setStatus] = useState<DatabaseDiagnosis | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [restoring, setRestoring] = useState<string | null>(null);
  const [path, setPath] = useState('');
  const [opening, setOpening] = useState(false);
  const load = useCallback(async () => {
    const r = await api.dbStatus();
    if (r.ok) setStatus(r.value);
    else setError(r.error);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const open = async (file: string) => {
    setOpening(true);
    setError(null);
    const r = await api.dbOpen({ path: file });
    setOpening(false);
    if (r.ok) {
      void message.success(t('data.problem.opened', { file: r.value.file }));
      onOpened();
    } else setError(r.error);
  };
  const restore = async (b: BackupInfo) => {
    if (!(await confirm(b))) return;
    setRestoring(b.name);
    setError(null);
    const r = await api.backupRestore({ name: b.name });
    setRestoring(null);
    if (r.ok) onOpened();
    else {
      setError(r.error);
      await load();
    }
  };

  if (!status)
    return error ? <ApiErrorAlert error={error} scope="data" testId="data-error" /> : <Spin size="large" className="page-spin" />;
  const code = status.problem?.code ?? 'generic';
  const titleKey = `data.problem.title.${code}`;
  const restorable = status.backups.filter((b) => !b.damaged);
  return (
    <div className="db-problem" data-testid="db-problem" data-code={code}>
      <Result
        status="error"
        title={i18n.exists(titleKey) ? t(titleKey) : t('data.problem.title.generic')}
        subTitle={
          <Space orientation="vertical">
            <Typography.Text data-testid="db-problem-file">{t('data.problem.file', { file: status.file })}</Typography.Text>
            {status.size !== null && (
              <Typography.Text type="secondary">{t('data.problem.fileSize', { size: formatBytes(status.size) })}</Typography.Text>
            )}
            <Typography.Text type="secondary">{t('data.problem.untouched')}</Typography.Text>
          </Space>
        }
        extra={
          <Button icon={<ReloadOutlined />} loading={opening} onClick={() => void open(status.file)} data-testid="db-problem-retry">
            {t('data.problem.retry')}
          </Button>
        }
      >
        {status.problem && (
          <Alert type="warning" data-testid="db-problem-detail" title={t('data.errors.detail', { message: status.problem.message })} />
        )}
      </Result>
      {error && <ApiErrorAlert error={error} scope="data" testId="data-error" onClose={() => setError(null)} />}
      <Card title={t('data.problem.restoreTitle')} size="small" className="db-problem-card">
        <Typography.Paragraph type="secondary">{t('data.problem.restoreHint')}</Typography.Paragraph>
        {restorable.length === 0 ? (
          <Empty description={t('data.problem.noBackups', { folder: status.backupFolder })} />
        ) : (
          <BackupTable backups={status.backups} onRestore={(b) => void restore(b)} restoring={restoring} />
        )}
      </Card>
      <Card title={t('data.problem.openTitle')} size="small" className="db-problem-card">
        <Typography.Paragraph type="secondary">{t('data.problem.openHint')}</Typography.Paragraph>
        <Space.Compact style={{ width: '100%', maxWidth: 720 }}>
          <Input
            value={path}
            onChange={(e) => setPath(e.target.value)}
            onPressEnter={() => path.trim() && void open(path.trim())}
            placeholder={t('data.problem.pathPlaceholder')}
            aria-label={t('data.problem.openTitle')}
            data-testid="db-problem-path"
          />
          <Button
            type="primary"
            icon={<FolderOpenOutlined />}
            loading={opening}
            disabled={!path.trim()}
            onClick={() => void open(path.trim())}
            data-testid="db-problem-open"
          >
            {t('data.problem.open')}
          </Button>
        </Space.Compact>
      </Card>
    </div>
  );
}

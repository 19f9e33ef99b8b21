import { Alert, Button, Card, Progress, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { CloudUploadOutlined, DeleteOutlined, InboxOutlined, StopOutlined, SyncOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { IMPORT_KINDS, type ImportKind, type ImportPreviewColumn } from '@shared/api/channels/data';
import { useFormat } from '../../lib/useFormat';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { formatBytes, speed } from './helpers';
import { useImportStore, type PickedFile } from './importStore';
import { RunResult } from './ImportResult';

const ROLE_COLOR: Record<ImportPreviewColumn['role'], string> = {
  required: 'green',
  optional: 'blue',
  ignored: 'default',
  duplicate: 'red',
};
const PREVIEW_SHOWN = 5;

export function ImportPanel() {
  const { t } = useTranslation();
  const { files, stage, result, error, addFiles, run, clear } = useImportStore(
    useShallow((s) => ({
      files: s.files,
      stage: s.stage,
      result: s.result,
      error: s.error,
      addFiles: s.addFiles,
      run: s.run,
      clear: s.clear,
    })),
  );
  const busy = stage !== 'idle';
  const chosen = files.filter((f) => f.kind !== null);
  const checked = result !== null && result.ok && result.dryRun;
  return (
    <Space orientation="vertical" size="middle" className="data-panel" data-testid="import-panel">
      <Typography.Paragraph type="secondary">{t('data.import.intro')}</Typography.Paragraph>
      <Upload.Dragger
        multiple
        accept=".csv,text/csv"
        showUploadList={false}
        disabled={busy}
        data-testid="import-drop"
        // Files stay in the browser until a check or an import sends them; nothing uploads on drop.
        beforeUpload={(file) => {
          void addFiles([file]);
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('data.import.drop')}</p>
        <p className="ant-upload-hint">{t('data.import.dropHint')}</p>
      </Upload.Dragger>
      <KindStrip files={files} />
      {files.map((f) => (
        <FileCard key={f.key} picked={f} disabled={busy} />
      ))}
      <Space wrap>
        <Button
          icon={<SyncOutlined />}
          disabled={busy || chosen.length === 0}
          onClick={() => void run(true)}
          data-testid="import-dry-run"
          type={checked ? 'default' : 'primary'}
        >
          {t('data.import.dryRun')}
        </Button>
        <Button
          icon={<CloudUploadOutlined />}
          disabled={busy || chosen.length === 0}
          onClick={() => void run(false)}
          data-testid="import-run"
          type={checked ? 'primary' : 'default'}
        >
          {checked ? t('data.import.runAfterCheck') : t('data.import.run')}
        </Button>
        <Button icon={<DeleteOutlined />} disabled={busy || files.length === 0} onClick={clear} data-testid="import-clear">
          {t('data.import.clear')}
        </Button>
      </Space>
      {busy && <RunProgress />}
      {error && <ApiErrorAlert error={error} scope="data" testId="import-error" />}
      {result && !busy && <RunResult result={result} />}
    </Space>
  );
}

function KindStrip({ files }: { files: PickedFile[] }) {
  const { t } = useTranslation();
  return (
    <Space wrap data-testid="import-kinds">
      {IMPORT_KINDS.map((k) => {
        const f = files.find((x) => x.kind === k);
        return (
          <Tag key={k} color={f ? 'success' : 'default'} data-testid={`import-kind-${k}`}>
            {t(`data.kind.${k}`)}：{f ? f.file.name : t('data.import.slotEmpty')}
          </Tag>
        );
      })}
    </Space>
  );
}

function FileCard({ picked, disabled }: { picked: PickedFile; disabled: boolean }) {
  const { t } = useTranslation();
  const { setKind, remove } = useImportStore(useShallow((s) => ({ setKind: s.setKind, remove: s.remove })));
  const p = picked.preview;
  const rows = p?.rows.slice(0, PREVIEW_SHOWN) ?? [];
  return (
    <Card
      size="small"
      data-testid="import-file"
      data-kind={picked.kind ?? ''}
      title={
        <Space wrap>
          <Typography.Text strong>{picked.file.name}</Typography.Text>
          <Typography.Text type="secondary">{formatBytes(picked.file.size)}</Typography.Text>
        </Space>
      }
      extra={
        <Space>
          <Select<ImportKind>
            aria-label={t('data.import.chooseKind')}
            placeholder={t('data.import.chooseKind')}
            value={picked.kind ?? undefined}
            disabled={disabled}
            style={{ width: 140 }}
            onChange={(k) => void setKind(picked.key, k)}
            options={IMPORT_KINDS.map((k) => ({ value: k, label: t(`data.kind.${k}`) }))}
            data-testid="import-file-kind"
          />
          <Button
            size="small"
            icon={<DeleteOutlined />}
            disabled={disabled}
            onClick={() => remove(picked.key)}
            aria-label={t('data.import.remove')}
          />
        </Space>
      }
    >
      {picked.previewError && <ApiErrorAlert error={picked.previewError} scope="data" testId="data-error" />}
      {p && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {picked.kind === null && <Alert type="warning" showIcon title={t('data.import.unassigned')} />}
          {p.detected && p.detected === picked.kind && (
            <Typography.Text type="secondary">{t('data.import.detected', { kind: t(`data.kind.${p.detected}`) })}</Typography.Text>
          )}
          <div data-testid="import-columns">
            <Typography.Text type="secondary">{t('data.import.columns')}：</Typography.Text>
            {p.columns.map((c, i) => (
              <Tag key={i} color={ROLE_COLOR[c.role]} title={t(`data.import.columnRole.${c.role}`)} data-role={c.role}>
                {c.name || '""'}
              </Tag>
            ))}
          </div>
          {p.missing.length > 0 && (
            <Alert type="error" showIcon title={t('data.import.missing', { columns: p.missing.join(', ') })} data-testid="import-missing" />
          )}
          {p.problem && <Alert type="warning" showIcon title={t('data.import.previewProblem', { problem: p.problem })} />}
          {p.columns.length > 0 &&
            (rows.length === 0 ? (
              <Typography.Text type="secondary">{t('data.import.noRows')}</Typography.Text>
            ) : (
              <Table<{ key: number; cells: string[] }>
                size="small"
                data-testid="import-preview"
                title={() => t('data.import.previewRows', { count: rows.length })}
                pagination={false}
                scroll={{ x: 'max-content' }}
                dataSource={rows.map((cells, i) => ({ key: i, cells }))}
                columns={p.columns.map((c, i) => ({
                  key: i,
                  title: c.name,
                  render: (_: unknown, r: { cells: string[] }) => r.cells[i] ?? '',
                }))}
              />
            ))}
        </Space>
      )}
    </Card>
  );
}

function RunProgress() {
  const { t } = useTranslation();
  const f = useFormat();
  const { stage, upload, progress, firstMark, lastMark, cancelling, cancel } = useImportStore(
    useShallow((s) => ({
      stage: s.stage,
      upload: s.upload,
      progress: s.progress,
      firstMark: s.firstMark,
      lastMark: s.lastMark,
      cancelling: s.cancelling,
      cancel: s.cancel,
    })),
  );
  let label: string;
  let percent = 0;
  let stats: string | null = null;
  if (stage === 'uploading' || !progress) {
    label = t('data.import.uploading', { sent: formatBytes(upload?.sent ?? 0), total: formatBytes(upload?.total ?? 0) });
    percent = upload && upload.total > 0 ? (upload.sent / upload.total) * 100 : 0;
  } else if (progress.phase === 'backup') {
    label = t('data.import.backingUp');
  } else {
    label = t('data.import.reading', { file: progress.file, kind: t(`data.kind.${progress.phase}`) });
    percent = progress.total > 0 ? (progress.done / progress.total) * 100 : 0;
    const s = firstMark && lastMark ? speed(firstMark, lastMark, progress.total) : null;
    const eta = !s
      ? null
      : s.etaSeconds < 60
        ? t('data.import.etaSeconds', { n: s.etaSeconds })
        : t('data.import.etaMinutes', { m: Math.floor(s.etaSeconds / 60), s: s.etaSeconds % 60 });
    stats = [
      t('data.import.rows', { rows: f.count(progress.rows) }),
      ...(s ? [t('data.import.rate', { rate: f.count(Math.round(s.rowsPerSecond)) }), t('data.import.eta', { eta })] : []),
    ].join(' · ');
  }
  return (
    <Card size="small" data-testid="import-progress" role="status">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text data-testid="import-progress-label">{label}</Typography.Text>
        <Progress percent={Math.floor(percent)} status="active" />
        {stats && (
          <Typography.Text type="secondary" data-testid="import-progress-stats">
            {stats}
          </Typography.Text>
        )}
        <Button danger icon={<StopOutlined />} onClick={() => void cancel()} disabled={cancelling} data-testid="import-cancel">
          {cancelling ? t('data.import.cancelling') : t('data.import.cancel')}
        </Button>
      </Space>
    </Card>
  );
}

import { Alert, Button, Card, Progress, Result, Space, Table, Typography } from 'antd';
import { CloudUploadOutlined, DownloadOutlined, SyncOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { IMPORT_KINDS, type ImportFileCounts, type ImportKind, type ImportRowError, type ImportRunResult } from '@shared/api/channels/data';
import { useAppStore } from '../../app/store';
import { useFormat } from '../../lib/useFormat';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { saveFile } from './download';
import { errorsCsv } from './helpers';
import { useImportStore } from './importStore';

// What an import or a check answered: the counts, the refused rows, and the offer to evaluate after an import.

function CountsTable({ result }: { result: ImportRunResult }) {
  const { t } = useTranslation();
  const f = useFormat();
  const rows = IMPORT_KINDS.filter((k) => result.files[k]).map((k) => ({ kind: k, ...result.files[k]! }));
  const num = (n: number) => f.count(n);
  return (
    <Table<ImportFileCounts & { kind: ImportKind }>
      size="small"
      rowKey="kind"
      pagination={false}
      data-testid="import-counts"
      dataSource={rows}
      columns={[
        { key: 'kind', title: t('data.import.col.kind'), render: (_, r) => t(`data.kind.${r.kind}`) },
        { key: 'file', title: t('data.import.col.file'), dataIndex: 'file' },
        { key: 'rows', title: t('data.import.col.rows'), align: 'right', render: (_, r) => num(r.rows) },
        {
          key: 'inserted',
          title: t('data.import.col.inserted'),
          align: 'right',
          render: (_, r) => <span data-testid={`counts-${r.kind}-inserted`}>{num(r.inserted)}</span>,
        },
        {
          key: 'updated',
          title: t('data.import.col.updated'),
          align: 'right',
          render: (_, r) => <span data-testid={`counts-${r.kind}-updated`}>{num(r.updated)}</span>,
        },
        {
          key: 'unchanged',
          title: t('data.import.col.unchanged'),
          align: 'right',
          render: (_, r) => <span data-testid={`counts-${r.kind}-unchanged`}>{num(r.unchanged)}</span>,
        },
      ]}
    />
  );
}

export function RunResult({ result }: { result: ImportRunResult }) {
  const { t } = useTranslation();
  const f = useFormat();
  const run = useImportStore((s) => s.run);
  if (result.cancelled) return <Alert type="info" showIcon title={t('data.import.cancelled')} data-testid="import-cancelled" />;
  if (!result.ok) return <BadRows result={result} />;
  if (result.dryRun) {
    return (
      <Card size="small" data-testid="dry-run-ok">
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Alert
            type="success"
            showIcon
            title={t('data.import.checkOk', { rows: f.count(result.rows) })}
            description={t('data.import.checkOkHint')}
          />
          <CountsTable result={result} />
          <Button type="primary" icon={<CloudUploadOutlined />} onClick={() => void run(false)} data-testid="import-run-checked">
            {t('data.import.runAfterCheck')}
          </Button>
        </Space>
      </Card>
    );
  }
  const seconds = result.elapsedMs / 1000;
  return (
    <Card size="small" data-testid="import-summary">
      <Result
        status="success"
        title={t('data.import.done', {
          rows: f.count(result.rows),
          seconds: seconds.toFixed(1),
          rate: f.count(Math.round(result.rows / Math.max(seconds, 0.001))),
        })}
        subTitle={result.backup ? t('data.import.doneBackup', { name: result.backup.name }) : undefined}
      />
      <CountsTable result={result} />
      <EvaluateOffer />
    </Card>
  );
}

function BadRows({ result }: { result: ImportRunResult }) {
  const { t } = useTranslation();
  const more = result.errorCount - result.errors.length;
  const headers = [t('data.import.col.file'), t('data.import.col.line'), t('data.import.col.column'), t('data.import.col.reason')] as [
    string,
    string,
    string,
    string,
  ];
  return (
    <Card size="small" data-testid="import-refused">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Alert
          type="error"
          showIcon
          title={t('data.import.refused', { count: result.errorCount })}
          description={t('data.import.refusedHint')}
        />
        <Table<ImportRowError & { key: number }>
          size="small"
          data-testid="import-errors"
          dataSource={result.errors.map((e, i) => ({ ...e, key: i }))}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          columns={[
            { key: 'file', title: t('data.import.col.file'), dataIndex: 'file' },
            { key: 'line', title: t('data.import.col.line'), dataIndex: 'line', align: 'right' },
            {
              key: 'column',
              title: t('data.import.col.column'),
              dataIndex: 'column',
              render: (c: string) => <Typography.Text code>{c}</Typography.Text>,
            },
            { key: 'reason', title: t('data.import.col.reason'), dataIndex: 'reason' },
          ]}
        />
        {more > 0 && <Typography.Text type="secondary">{t('data.import.moreErrors', { count: more })}</Typography.Text>}
        <Button
          icon={<DownloadOutlined />}
          onClick={() => saveFile([errorsCsv(result.errors, headers)], 'import-errors.csv')}
          data-testid="import-errors-export"
        >
          {t('data.import.exportErrors')}
        </Button>
      </Space>
    </Card>
  );
}

function EvaluateOffer() {
  const { t } = useTranslation();
  const f = useFormat();
  const go = useAppStore((s) => s.go);
  const { evaluating, evaluationProgress, evaluation, evaluationError, evaluate, clear } = useImportStore(
    useShallow((s) => ({
      evaluating: s.evaluating,
      evaluationProgress: s.evaluationProgress,
      evaluation: s.evaluation,
      evaluationError: s.evaluationError,
      evaluate: s.evaluate,
      clear: s.clear,
    })),
  );
  return (
    <Space orientation="vertical" style={{ width: '100%', marginTop: 16 }} data-testid="import-evaluate-offer">
      {!evaluation && <Typography.Text>{t('data.import.evaluateOffer')}</Typography.Text>}
      <Space wrap>
        {!evaluation && (
          <Button
            type="primary"
            icon={<SyncOutlined spin={evaluating} />}
            disabled={evaluating}
            onClick={() => void evaluate()}
            data-testid="import-evaluate"
          >
            {evaluating ? t('data.import.evaluating') : t('data.import.evaluate')}
          </Button>
        )}
        <Button onClick={clear}>{t('data.import.another')}</Button>
        <Button onClick={() => go('dashboard')}>{t('data.import.goDashboard')}</Button>
      </Space>
      {evaluating && evaluationProgress && evaluationProgress.total > 0 && (
        <Progress percent={Math.floor((evaluationProgress.done / evaluationProgress.total) * 100)} size="small" status="active" />
      )}
      {evaluation && (
        <Alert
          type="success"
          showIcon
          data-testid="import-evaluated"
          title={t('data.import.evaluated', {
            date: f.date(evaluation.asOf),
            upgrades: f.count(evaluation.upgrades),
            downgrades: f.count(evaluation.downgrades),
            pending: f.count(evaluation.pendingReviews),
          })}
        />
      )}
      {evaluationError && <ApiErrorAlert error={evaluationError} scope="data" testId="data-error" />}
    </Space>
  );
}

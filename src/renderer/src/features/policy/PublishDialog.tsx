import { useEffect, useState } from 'react';
import { Alert, Button, Input, Modal, Progress, Result, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { ApiError } from '@shared/api';
import type { PublishOutcome } from '@shared/api/channels/policy';
import { api } from '../../lib/api';
import { useFormat } from '../../lib/useFormat';
import { currentLanguage } from '../../i18n';
import { useAppStore } from '../../app/store';
import { useDashboardStore } from '../dashboard/store';
import { policyChanges, type PolicyChange } from './diff';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { runKey } from './simulationRequest';
import { useStudioStore } from './store';

/** The engine's evaluation phases in the order it runs them (src/engine/metrics.ts, evaluate.ts). */
const EVAL_PHASES = ['customers', 'orders', 'referrals', 'contributions', 'classify', 'assign'];

/**
 * Publishing: the differences against the active policy, who publishes and why, a confirmation;
 * then the offer to evaluate at once (a published policy applies at the next evaluation).
 */
export function PublishDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { active, policy, summary, current, publish } = useStudioStore(
    useShallow((s) => ({
      active: s.active,
      policy: s.checked.policy,
      summary: s.result?.summary ?? null,
      current: runKey(s) === s.resultKey,
      publish: s.publish,
    })),
  );
  const [operator, setOperator] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<PublishOutcome | null>(null);
  useEffect(() => {
    void api.settingsGet().then((r) => setOperator(r.ok ? r.value.operatorName : null));
  }, []);

  const lng = currentLanguage();
  const yesNo = (v: boolean) => t(v ? 'policy.yes' : 'policy.no');
  // Frozen once published: the studio's active policy is then the one just published.
  const [changes] = useState<PolicyChange[]>(() => (active && policy ? policyChanges(active.policy, policy, lng, yesNo) : []));

  const confirm = async () => {
    setBusy(true);
    const r = await publish(reason.trim());
    setBusy(false);
    if (r.ok) {
      setDone(r.value);
      setError(null);
    } else setError(r.error);
  };

  if (done) return <Published outcome={done} onClose={onClose} />;
  if (!active || !policy) return null;
  return (
    <Modal
      open
      width={880}
      title={t('policy.publish.title', { version: active.version + 1 })}
      onCancel={onClose}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('policy.cancel')}
        </Button>,
        <Button
          key="ok"
          type="primary"
          danger
          loading={busy}
          disabled={!reason.trim() || changes.length === 0}
          onClick={() => void confirm()}
          data-testid="publish-confirm"
        >
          {t('policy.publish.confirm', { version: active.version + 1 })}
        </Button>,
      ]}
    >
      <div data-testid="publish-dialog">
        <Alert type="info" showIcon className="publish-note" title={t('policy.publish.note', { days: policy.protectionDays })} />
        {changes.length === 0 ? (
          <Alert
            type="warning"
            showIcon
            title={t('policy.publish.noChanges', { version: active.version })}
            data-testid="publish-no-changes"
          />
        ) : (
          <Table<PolicyChange>
            size="small"
            rowKey="key"
            pagination={false}
            dataSource={changes}
            data-testid="publish-diff"
            columns={[
              {
                title: t('policy.publish.what'),
                key: 'what',
                render: (_, c) => (c.tier ? `${t(`tier.${c.tier}`)} · ${t(`policy.field.${c.field}`)}` : t(`policy.field.${c.field}`)),
              },
              {
                title: t('policy.publish.before', { version: active.version }),
                dataIndex: 'before',
                render: (v: string) => <span className="diff-before">{v}</span>,
              },
              { title: t('policy.publish.after'), dataIndex: 'after', render: (v: string) => <span className="diff-after">{v}</span> },
            ]}
          />
        )}
        {summary && current && (
          <Typography.Paragraph className="publish-impact" data-testid="publish-impact">
            {t('policy.publish.impact', {
              up: f.count(summary.upgrades),
              down: f.count(summary.downgrades),
              protected: f.count(summary.protectedDowngrades),
              until: f.date(summary.protectedUntil),
            })}
          </Typography.Paragraph>
        )}
        <Typography.Paragraph>{t('policy.publish.actor', { name: operator ?? t('policy.publish.osUser') })}</Typography.Paragraph>
        <label htmlFor="publish-reason">{t('policy.publish.reason')}</label>
        <Input.TextArea
          id="publish-reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          rows={3}
          maxLength={1000}
          placeholder={t('policy.publish.reasonPlaceholder')}
          data-testid="publish-reason"
        />
        {error && <ApiErrorAlert error={error} scope="policy" testId="policy-error" />}
      </div>
    </Modal>
  );
}

function Published({ outcome, onClose }: { outcome: PublishOutcome; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const { evaluating, progress, lastRun, evaluationError, reevaluate } = useDashboardStore(
    useShallow((s) => ({
      evaluating: s.evaluating,
      progress: s.progress,
      lastRun: s.lastRun,
      evaluationError: s.evaluationError,
      reevaluate: s.reevaluate,
    })),
  );
  const [started, setStarted] = useState(false);
  const run = async () => {
    setStarted(true);
    await reevaluate();
    void useAppStore.getState().loadInfo();
  };
  const phase = progress?.phase ?? 'starting';
  const i = EVAL_PHASES.indexOf(phase);
  const percent =
    phase === 'done'
      ? 100
      : i < 0
        ? 0
        : Math.round(((i + (progress && progress.total ? progress.done / progress.total : 0)) / EVAL_PHASES.length) * 100);
  return (
    <Modal open width={640} onCancel={onClose} footer={null} title={t('policy.publish.doneTitle', { version: outcome.version })}>
      <Result
        status="success"
        title={<span data-testid="publish-done">{t('policy.publish.done', { version: outcome.version })}</span>}
        subTitle={t('policy.publish.backup', { name: outcome.backup })}
        extra={
          !started ? (
            <>
              <Typography.Paragraph>{t('policy.publish.evaluateOffer')}</Typography.Paragraph>
              <Button type="primary" onClick={() => void run()} data-testid="publish-evaluate">
                {t('policy.publish.evaluate')}
              </Button>
              <Button onClick={onClose} data-testid="publish-later">
                {t('policy.publish.later')}
              </Button>
            </>
          ) : evaluating ? (
            <div data-testid="publish-evaluating">
              <Typography.Text>{i18n.exists(`policy.evalPhase.${phase}`) ? t(`policy.evalPhase.${phase}`) : phase}</Typography.Text>
              <Progress percent={percent} status="active" />
            </div>
          ) : evaluationError ? (
            <Alert type="error" showIcon title={t('policy.publish.evaluateFailed')} description={evaluationError.message} />
          ) : lastRun ? (
            <>
              <Alert
                type="success"
                showIcon
                data-testid="publish-evaluated"
                title={t('policy.publish.evaluated', {
                  date: f.date(lastRun.asOf),
                  version: lastRun.policyVersion,
                  up: f.count(lastRun.upgrades),
                  down: f.count(lastRun.downgrades),
                  protected: f.count(lastRun.protected),
                  pending: f.count(lastRun.pendingReviews),
                })}
              />
              <Button onClick={onClose}>{t('policy.close')}</Button>
            </>
          ) : null
        }
      />
    </Modal>
  );
}

import { Alert, Button, Card, Progress, Statistic, Typography } from 'antd';
import { SyncOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { JobProgress as EvaluationProgress } from '@shared/api';
import { useAppStore } from '../../app/store';
import { useFormat } from '../../lib/useFormat';
import { useDashboardStore } from './store';

/** The engine's evaluation phases in the order it runs them (src/engine/metrics.ts, evaluate.ts). */
const PHASES = ['customers', 'orders', 'referrals', 'contributions', 'classify', 'assign'];

/** Progress over the whole run: each phase is an equal slice, the current one filled by done/total. */
function overallPercent(p: EvaluationProgress | null): number {
  if (!p) return 0;
  if (p.phase === 'done') return 100;
  const i = PHASES.indexOf(p.phase);
  if (i < 0) return 0;
  const within = p.total > 0 ? p.done / p.total : 0;
  return Math.round(((i + within) / PHASES.length) * 100);
}

/**
 * Last evaluation date and the "re-evaluate now" action. Its progress and result are shown by
 * EvaluationStatus below the row of cards, so the four cards keep their size whatever it says.
 */
export function EvaluationCard() {
  const { t } = useTranslation();
  const f = useFormat();
  const last = useAppStore((s) => s.info?.lastEvaluation ?? null);
  const { evaluating, reevaluate } = useDashboardStore(useShallow((s) => ({ evaluating: s.evaluating, reevaluate: s.reevaluate })));
  return (
    <Card data-testid="evaluation-card" className="stat-card">
      <Statistic
        title={t('dashboard.lastEvaluation')}
        value={last ? f.date(last.asOf) : t('dashboard.neverEvaluated')}
        valueRender={(node) => <span data-testid="last-evaluation">{node}</span>}
      />
      {last && (
        <Typography.Text type="secondary" className="stat-meta">
          {t('dashboard.lastEvaluationMeta', { version: last.policyVersion, actor: last.actor, at: f.instant(last.finishedAt) })}
        </Typography.Text>
      )}
      <div className="evaluation-actions">
        <Button
          type="primary"
          icon={<SyncOutlined spin={evaluating} />}
          onClick={() => void reevaluate()}
          loading={false}
          disabled={evaluating}
          data-testid="reevaluate"
        >
          {evaluating ? t('dashboard.reevaluating') : t('dashboard.reevaluate')}
        </Button>
      </div>
    </Card>
  );
}

/** A running evaluation's progress, then its result or failure: a full-width line under the cards. */
export function EvaluationStatus() {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const { evaluating, progress, lastRun, evaluationError } = useDashboardStore(
    useShallow((s) => ({ evaluating: s.evaluating, progress: s.progress, lastRun: s.lastRun, evaluationError: s.evaluationError })),
  );
  if (!evaluating && !lastRun && !evaluationError) return null;
  const phase = progress?.phase ?? 'starting';
  const phaseLabel = i18n.exists(`dashboard.progressPhase.${phase}`) ? t(`dashboard.progressPhase.${phase}`) : phase;
  const percent = overallPercent(progress);
  return (
    <div className="evaluation-status" data-testid="evaluation-status">
      {evaluating && (
        <div data-testid="evaluation-progress" role="status">
          <Typography.Text>
            {phaseLabel}
            {progress && progress.total > 0
              ? ` · ${t('dashboard.progressCount', { done: f.count(progress.done), total: f.count(progress.total) })}`
              : ''}
          </Typography.Text>
          <Progress percent={percent} size="small" status="active" />
        </div>
      )}
      {!evaluating && lastRun && (
        <Alert
          type="success"
          showIcon
          data-testid="evaluation-done"
          title={t('dashboard.reevaluateDone', {
            date: f.date(lastRun.asOf),
            upgrades: f.count(lastRun.upgrades),
            downgrades: f.count(lastRun.downgrades),
            pending: f.count(lastRun.pendingReviews),
          })}
        />
      )}
      {!evaluating && evaluationError && (
        <Alert
          type="error"
          showIcon
          data-testid="evaluation-error"
          title={t('dashboard.reevaluateFailed', { message: evaluationError.message })}
        />
      )}
    </div>
  );
}

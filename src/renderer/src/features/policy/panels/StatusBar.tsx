import { useEffect, useState } from 'react';
import { Alert, Progress, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useFormat } from '../../../lib/useFormat';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { runKey } from '../simulationRequest';
import { useStudioStore } from '../store';

/** `rendered`: the panels show the latest answer (not only the store). */
export function StatusBar({ rendered }: { rendered: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { answered, invalid, issues, error, building, result, roundTripMs, hasDoc } = useStudioStore(
    useShallow((s) => {
      const key = runKey(s);
      return {
        answered: key !== null && key === s.resultKey,
        invalid: s.doc !== null && s.checked.policy === null,
        issues: s.checked.all.length,
        error: s.simError,
        building: s.building,
        result: s.result,
        roundTripMs: s.roundTripMs,
        hasDoc: s.doc !== null,
      };
    }),
  );
  const current = answered && rendered;
  // "Updating" only once an answer is late enough to notice: fast re-simulations never flicker.
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    if (current || invalid) {
      setSlow(false);
      return;
    }
    const timer = setTimeout(() => setSlow(true), 300);
    return () => clearTimeout(timer);
  }, [current, invalid]);
  const state = !hasDoc ? 'loading' : invalid ? 'invalid' : error && current ? 'error' : current ? 'current' : 'updating';
  return (
    <div className="sim-status" data-testid="sim-status" data-state={state} role="status">
      {state === 'invalid' && <Alert type="warning" showIcon title={t('policy.status.invalid', { n: issues })} />}
      {state === 'error' && error && <ApiErrorAlert error={error} scope="policy" testId="policy-error" />}
      {building && !current && (
        <div data-testid="sim-building">
          <Typography.Text>
            {t('policy.status.building', { phase: t(`policy.phase.${building.phase}`, { defaultValue: building.phase }) })}
          </Typography.Text>
          <Progress
            percent={building.phase === 'metrics' ? 5 : Math.min(95, Math.round((building.done / Math.max(1, building.total)) * 100))}
            size="small"
            status="active"
          />
        </div>
      )}
      {result && (
        <Typography.Text type="secondary" className={`sim-meta${slow && state === 'updating' ? ' sim-meta-slow' : ''}`}>
          {slow && state === 'updating' ? `${t('policy.status.updating')} · ` : ''}
          {t('policy.status.meta', {
            customers: f.count(result.summary.customers),
            asOf: f.date(result.summary.asOf),
            engine: result.summary.engineMs.toFixed(1),
            roundTrip: roundTripMs === null ? '—' : Math.round(roundTripMs),
          })}
          {result.summary.metricsCached ? '' : ` · ${t('policy.status.metricsBuilt')}`}
        </Typography.Text>
      )}
      {!result && !building && state === 'updating' && <Typography.Text type="secondary">{t('policy.status.first')}</Typography.Text>}
    </div>
  );
}

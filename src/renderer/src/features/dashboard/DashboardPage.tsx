import { useEffect } from 'react';
import { Alert, Button, Card, Col, Row, Spin, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../app/store';
import { useFormat } from '../../lib/useFormat';
import { useReviewsStore } from '../reviews/store';
import { DistributionCard } from './DistributionCard';
import { EvaluationCard, EvaluationStatus } from './EvaluationCard';
import { GmvShareCard } from './GmvShareCard';
import { TrendCard } from './TrendCard';
import { ContractsCard } from '../contracts/ContractsCard';
import { useDashboardStore } from './store';

export function DashboardPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const go = useAppStore((s) => s.go);
  const openReviews = useReviewsStore((s) => s.open);
  // Only what the page draws: progress events of a running evaluation must not redraw the charts.
  const { distribution, gmv, trend, error, load } = useDashboardStore(
    useShallow((s) => ({ distribution: s.distribution, gmv: s.gmv, trend: s.trend, error: s.error, load: s.load })),
  );
  useEffect(() => {
    void load();
  }, [load]);

  if (!distribution || !gmv || !trend) {
    return error ? (
      <Alert type="error" showIcon title={t('common.error', { message: error.message })} />
    ) : (
      <Spin size="large" className="page-spin" />
    );
  }
  return (
    <div className="dashboard" data-testid="dashboard">
      {error && <Alert type="error" showIcon closable title={t('common.error', { message: error.message })} />}
      {distribution.total === 0 && <Alert type="warning" showIcon title={t('dashboard.noCustomers')} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} md={12} xl={6}>
          <Card className="stat-card">
            <Statistic
              title={t('dashboard.totalCustomers')}
              value={f.count(distribution.total)}
              valueRender={(n) => <span data-testid="total-customers">{n}</span>}
            />
          </Card>
        </Col>
        <Col xs={24} md={12} xl={6}>
          <Card className="stat-card">
            <Statistic
              title={t('dashboard.pendingReviews')}
              value={openReviews === null ? '—' : f.count(openReviews)}
              valueRender={(n) => <span data-testid="pending-reviews">{n}</span>}
            />
            <Typography.Text type="secondary" className="stat-meta">
              {t('dashboard.pendingReviewsHint')}
            </Typography.Text>
            <Button type="link" onClick={() => go('reviews')} className="stat-link">
              {t('dashboard.openReviews')}
            </Button>
          </Card>
        </Col>
        <Col xs={24} md={12} xl={6}>
          <Card className="stat-card">
            <Statistic
              title={t('dashboard.gmv12m')}
              value={f.cny(gmv.totalGmvFen)}
              valueRender={(n) => <span data-testid="gmv-total">{n}</span>}
            />
            {gmv.from && gmv.asOf && (
              <Typography.Text type="secondary" className="stat-meta">
                {t('dashboard.gmv12mRange', { from: f.date(gmv.from), to: f.date(gmv.asOf) })}
              </Typography.Text>
            )}
          </Card>
        </Col>
        <Col xs={24} md={12} xl={6}>
          <EvaluationCard />
        </Col>
        <Col span={24} className="evaluation-status-col">
          <EvaluationStatus />
        </Col>
        <Col span={24}>
          <ContractsCard />
        </Col>
        <Col span={24}>
          <DistributionCard distribution={distribution} />
        </Col>
        <Col xs={24} xl={12}>
          <GmvShareCard gmv={gmv} />
        </Col>
        <Col xs={24} xl={12}>
          <TrendCard trend={trend} />
        </Col>
      </Row>
    </div>
  );
}

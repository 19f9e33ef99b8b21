import { useEffect } from 'react';
import { Card, Col, Row, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useFormat } from '../../lib/useFormat';
import { useDashboardStore } from '../dashboard/store';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { hashOf, type ContractsRoute } from './route';
import { useContractsStore } from './store';
import './contracts.css';

interface Figure {
  key: 'active' | 'expiring' | 'atRisk' | 'behind';
  label: string;
  filter: Partial<ContractsRoute>;
  /** Needs a look when above zero. */
  alert: boolean;
}

/** The dashboard's contracts card: each number links to the list filtered to exactly those contracts. */
export function ContractsCard() {
  const { t } = useTranslation();
  const f = useFormat();
  const { card, cardError, loadCard } = useContractsStore(
    useShallow((s) => ({ card: s.card, cardError: s.cardError, loadCard: s.loadCard })),
  );
  // An evaluation runs the contract expiry and may change tiers (at risk): reload after each one.
  const lastRun = useDashboardStore((s) => s.lastRun);
  useEffect(() => {
    void loadCard();
  }, [loadCard, lastRun]);

  const days = card?.expiringDays ?? 30;
  const figures: Figure[] = [
    { key: 'active', label: t('contracts.card.active'), filter: { status: 'active' }, alert: false },
    { key: 'expiring', label: t('contracts.card.expiring', { days }), filter: { flag: 'expiring' }, alert: true },
    { key: 'atRisk', label: t('contracts.card.atRisk'), filter: { flag: 'at-risk' }, alert: true },
    { key: 'behind', label: t('contracts.card.behind'), filter: { flag: 'behind' }, alert: true },
  ];
  return (
    <Card
      title={t('contracts.card.title')}
      extra={
        <a href="#/contracts" data-testid="contracts-card-open">
          {t('contracts.card.open')}
        </a>
      }
      data-testid="contracts-card"
    >
      {cardError && <ApiErrorAlert error={cardError} scope="contracts" testId="contract-error" />}
      <Row gutter={[16, 16]}>
        {figures.map((fig) => {
          const n = card ? card[fig.key] : null;
          return (
            <Col key={fig.key} xs={12} md={6}>
              <a
                href={hashOf(fig.filter)}
                className="contracts-card-figure"
                data-testid={`contracts-card-${fig.key}`}
                aria-label={`${fig.label}: ${n ?? '—'}`}
              >
                <Statistic
                  title={fig.label}
                  value={n === null ? '—' : f.count(n)}
                  styles={fig.alert && n ? { content: { color: '#cf1322' } } : undefined}
                  valueRender={(node) => <span data-testid={`contracts-card-${fig.key}-value`}>{node}</span>}
                />
              </a>
            </Col>
          );
        })}
      </Row>
      <Typography.Text type="secondary" className="stat-meta">
        {t('contracts.card.hint')}
      </Typography.Text>
    </Card>
  );
}

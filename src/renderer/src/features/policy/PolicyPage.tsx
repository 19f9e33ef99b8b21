import { useEffect, useState } from 'react';
import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { Studio } from './Studio';
import { TiersView } from './TiersView';
import { BacktestView } from './BacktestView';
import { hashOf, viewFromHash, type PolicyView } from './route';
import './policy.css';

/** 政策与模拟: the policy studio (drafts, live what-if), the tiers & benefits view for staff, the backtest. */
export function PolicyPage() {
  const { t } = useTranslation();
  const [view, setView] = useState<PolicyView>(() => viewFromHash(location.hash));
  useEffect(() => {
    const sync = () => setView(viewFromHash(location.hash));
    window.addEventListener('hashchange', sync);
    return () => window.removeEventListener('hashchange', sync);
  }, []);
  return (
    <div data-testid="page-policy" className="policy-page">
      <Tabs
        activeKey={view}
        onChange={(k) => {
          location.hash = hashOf(k as PolicyView);
        }}
        items={[
          { key: 'studio', label: <span data-testid="tab-studio">{t('policy.tabs.studio')}</span>, children: <Studio /> },
          { key: 'tiers', label: <span data-testid="tab-tiers">{t('policy.tabs.tiers')}</span>, children: <TiersView /> },
          { key: 'backtest', label: <span data-testid="tab-backtest">{t('policy.tabs.backtest')}</span>, children: <BacktestView /> },
        ]}
      />
    </div>
  );
}

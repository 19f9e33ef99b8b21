import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { create } from 'zustand';
import { BackupPanel } from './BackupPanel';
import { ExportPanel } from './ExportPanel';
import { ImportPanel } from './ImportPanel';
import './data.css';

type Tab = 'import' | 'export' | 'backups';
/** The open tab survives a visit to another page (the import's own state lives in its store). */
const useTab = create<{ tab: Tab; set(tab: Tab): void }>((set) => ({ tab: 'import', set: (tab) => set({ tab }) }));

export function DataPage() {
  const { t } = useTranslation();
  const { tab, set } = useTab();
  return (
    <div data-testid="page-data" className="data-page">
      <Tabs
        activeKey={tab}
        onChange={(k) => set(k as Tab)}
        items={[
          { key: 'import', label: <span data-testid="tab-import">{t('data.tabs.import')}</span>, children: <ImportPanel /> },
          { key: 'export', label: <span data-testid="tab-export">{t('data.tabs.export')}</span>, children: <ExportPanel /> },
          { key: 'backups', label: <span data-testid="tab-backups">{t('data.tabs.backups')}</span>, children: <BackupPanel /> },
        ]}
      />
    </div>
  );
}

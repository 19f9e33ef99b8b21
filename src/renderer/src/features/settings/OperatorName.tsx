import { useEffect, useState } from 'react';
import { Alert, Button, Input, Popover, Space, Typography } from 'antd';
import { UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSettingsStore } from './store';

function NameForm({ initial, onDone }: { initial: string; onDone?: () => void }) {
  const { t } = useTranslation();
  const save = useSettingsStore((s) => s.saveOperator);
  const error = useSettingsStore((s) => s.error);
  const [name, setName] = useState(initial);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (!name.trim()) return;
    setBusy(true);
    const ok = await save(name.trim());
    setBusy(false);
    if (ok) onDone?.();
  };
  return (
    <Space.Compact>
      <Input
        aria-label={t('settings.operatorLabel')}
        data-testid="operator-input"
        value={name}
        maxLength={100}
        placeholder={t('settings.operatorPlaceholder')}
        onChange={(e) => setName(e.target.value)}
        onPressEnter={() => void submit()}
        status={error ? 'error' : undefined}
      />
      <Button type="primary" loading={busy} disabled={!name.trim()} onClick={() => void submit()} data-testid="operator-save">
        {t('settings.save')}
      </Button>
    </Space.Compact>
  );
}

/** Header item: who is recorded on audited changes; click to change. */
export function OperatorBadge() {
  const { t } = useTranslation();
  const { operatorName, load } = useSettingsStore();
  const [open, setOpen] = useState(false);
  useEffect(() => {
    void load();
  }, [load]);
  if (!operatorName) return null;
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      title={t('settings.operatorLabel')}
      content={<NameForm initial={operatorName} onDone={() => setOpen(false)} />}
    >
      <Button type="text" icon={<UserOutlined />} data-testid="operator-badge">
        <Typography.Text>{t('settings.operatorIs', { name: operatorName })}</Typography.Text>
      </Button>
    </Popover>
  );
}

/**
 * Asked once: until the operator gives a name, changes are recorded under the workstation's user
 * name. A banner, not a modal, so nothing else on the page is blocked.
 */
export function OperatorPrompt() {
  const { t } = useTranslation();
  const operatorName = useSettingsStore((s) => s.operatorName);
  if (operatorName !== '') return null;
  return (
    <Alert
      type="info"
      showIcon
      className="operator-prompt"
      data-testid="operator-prompt"
      title={t('settings.promptTitle')}
      description={
        <Space orientation="vertical">
          <span>{t('settings.promptBody')}</span>
          <NameForm initial="" />
        </Space>
      }
    />
  );
}

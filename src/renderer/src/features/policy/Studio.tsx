import { useEffect, useState } from 'react';
import { App, Button, Col, DatePicker, Dropdown, Input, Modal, Row, Select, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { CloudUploadOutlined, DeleteOutlined, FileAddOutlined, SaveOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { ApiError } from '@shared/api';
import { useFormat } from '../../lib/useFormat';
import { Editor } from './Editor';
import { Panels } from './Panels';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { PublishDialog } from './PublishDialog';
import { useStudioStore } from './store';
import type { StartKind } from './studioState';

export function Studio() {
  const { t } = useTranslation();
  const { init, hasDoc, loadError } = useStudioStore(useShallow((s) => ({ init: s.init, hasDoc: s.doc !== null, loadError: s.loadError })));
  useEffect(() => {
    void init();
  }, [init]);
  if (loadError) return <ApiErrorAlert error={loadError} scope="policy" testId="policy-error" />;
  if (!hasDoc) return <Spin className="page-spin" description={t('policy.loading')} />;
  return (
    <div className="studio" data-testid="studio">
      <DraftBar />
      <Row gutter={16} className="studio-body">
        <Col xs={24} xl={10}>
          <Editor />
        </Col>
        <Col xs={24} xl={14}>
          <Panels />
        </Col>
      </Row>
    </div>
  );
}

function DraftBar() {
  const { t } = useTranslation();
  const f = useFormat();
  const { modal, message } = App.useApp();
  const s = useStudioStore(
    useShallow((s) => ({
      active: s.active,
      drafts: s.drafts,
      draftId: s.draftId,
      draftName: s.draftName,
      basedOnVersion: s.basedOnVersion,
      dirty: s.dirty,
      valid: s.checked.policy !== null,
      issues: s.checked.all.length,
      asOf: s.asOf,
      startFrom: s.startFrom,
      openDraft: s.openDraft,
      setName: s.setName,
      save: s.save,
      deleteCurrentDraft: s.deleteCurrentDraft,
      setAsOf: s.setAsOf,
    })),
  );
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveAs, setSaveAs] = useState<string | null>(null);
  const [publishing, setPublishing] = useState(false);

  /** Switching documents drops unsaved edits: ask first. */
  const guarded = (go: () => void) => {
    if (!s.dirty) return go();
    modal.confirm({
      title: t('policy.drafts.discardTitle'),
      content: t('policy.drafts.discardBody'),
      okText: t('policy.drafts.discard'),
      cancelText: t('policy.cancel'),
      onOk: go,
    });
  };
  const start = (kind: StartKind) => guarded(() => s.startFrom(kind));
  const open = (id: number) =>
    guarded(async () => {
      setError(await s.openDraft(id));
    });

  const doSave = async (asNew: boolean, name?: string) => {
    setSaving(true);
    const e = await s.save(asNew, name);
    setSaving(false);
    setError(e);
    if (!e) {
      setSaveAs(null);
      void message.success(t('policy.drafts.saved', { name: name ?? s.draftName }));
    }
    return e;
  };
  const save = () =>
    s.draftId === null || !s.draftName.trim()
      ? setSaveAs(s.draftName || t('policy.drafts.defaultName', { date: dayjs().format('YYYY-MM-DD HH:mm') }))
      : void doSave(false);
  const remove = () =>
    modal.confirm({
      title: t('policy.drafts.deleteTitle', { name: s.draftName }),
      content: t('policy.drafts.deleteBody'),
      okText: t('policy.drafts.delete'),
      okButtonProps: { danger: true },
      cancelText: t('policy.cancel'),
      onOk: async () => {
        const e = await s.deleteCurrentDraft();
        setError(e);
        if (!e) void message.success(t('policy.drafts.deleted', { name: s.draftName }));
      },
    });

  // Ctrl/⌘+S saves the draft from anywhere in the studio.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
        e.preventDefault();
        save();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const activeVersion = s.active?.version ?? 1;
  return (
    <div className="draft-bar" data-testid="draft-bar">
      <Space wrap align="center">
        <Input
          value={s.draftName}
          onChange={(e) => s.setName(e.target.value)}
          placeholder={t('policy.drafts.namePlaceholder')}
          aria-label={t('policy.drafts.name')}
          style={{ width: 220 }}
          data-testid="draft-name"
          maxLength={100}
        />
        {s.basedOnVersion !== null && <Tag>{t('policy.drafts.basedOn', { version: s.basedOnVersion })}</Tag>}
        {s.dirty ? (
          <Tag color="orange" data-testid="draft-dirty">
            {t('policy.drafts.unsaved')}
          </Tag>
        ) : (
          s.draftId !== null && <Tag color="green">{t('policy.drafts.savedTag')}</Tag>
        )}
        {!s.valid && (
          <Tag color="red" data-testid="draft-invalid">
            {t('policy.drafts.issues', { n: s.issues })}
          </Tag>
        )}
      </Space>
      <Space wrap align="center" className="draft-actions">
        <Dropdown
          menu={{
            items: [
              { key: 'active', label: t('policy.drafts.fromActive', { version: activeVersion }) },
              { key: 'seed000', label: t('policy.drafts.fromSeed000') },
              { key: 'seed001', label: t('policy.drafts.fromSeed001') },
            ],
            onClick: ({ key }) => start(key as StartKind),
          }}
        >
          <Button icon={<FileAddOutlined />} data-testid="draft-new">
            {t('policy.drafts.new')}
          </Button>
        </Dropdown>
        <Select<number>
          placeholder={t('policy.drafts.open', { n: s.drafts.length })}
          value={s.draftId ?? undefined}
          onChange={(id) => open(id)}
          style={{ width: 220 }}
          data-testid="draft-open"
          notFoundContent={t('policy.drafts.none')}
          options={s.drafts.map((d) => ({
            value: d.id,
            label: (
              <span>
                {d.name} {!d.valid && <Tag color="red">{t('policy.drafts.issues', { n: d.issueCount })}</Tag>}
                <Typography.Text type="secondary" className="draft-date">
                  {f.instant(d.updatedAt)}
                </Typography.Text>
              </span>
            ),
          }))}
        />
        <Tooltip title={t('policy.drafts.saveHint')}>
          <Button icon={<SaveOutlined />} onClick={save} loading={saving} data-testid="draft-save">
            {t('policy.drafts.save')}
          </Button>
        </Tooltip>
        <Button
          onClick={() => setSaveAs(s.draftName ? t('policy.drafts.copyName', { name: s.draftName }) : '')}
          data-testid="draft-save-as"
        >
          {t('policy.drafts.saveAs')}
        </Button>
        <Button icon={<DeleteOutlined />} danger disabled={s.draftId === null} onClick={remove} data-testid="draft-delete">
          {t('policy.drafts.delete')}
        </Button>
        <DatePicker
          allowClear
          placeholder={t('policy.asOfToday')}
          value={s.asOf ? dayjs(s.asOf) : null}
          onChange={(d) => s.setAsOf(d ? d.format('YYYY-MM-DD') : null)}
          aria-label={t('policy.asOf')}
          data-testid="as-of"
        />
        <Tooltip title={s.valid ? undefined : t('policy.publish.invalid')}>
          <Button
            type="primary"
            icon={<CloudUploadOutlined />}
            disabled={!s.valid}
            onClick={() => setPublishing(true)}
            data-testid="publish"
          >
            {t('policy.publish.button')}
          </Button>
        </Tooltip>
      </Space>
      {error && <ApiErrorAlert error={error} scope="policy" testId="policy-error" onClose={() => setError(null)} />}
      <Modal
        open={saveAs !== null}
        title={t('policy.drafts.saveAsTitle')}
        okText={t('policy.drafts.save')}
        cancelText={t('policy.cancel')}
        confirmLoading={saving}
        onOk={() => void doSave(s.draftId !== null, saveAs ?? '')}
        onCancel={() => setSaveAs(null)}
        destroyOnHidden
      >
        <Input
          autoFocus
          value={saveAs ?? ''}
          onChange={(e) => setSaveAs(e.target.value)}
          onPressEnter={() => void doSave(s.draftId !== null, saveAs ?? '')}
          maxLength={100}
          data-testid="save-as-name"
          aria-label={t('policy.drafts.name')}
        />
        {error && <ApiErrorAlert error={error} scope="policy" testId="policy-error" />}
      </Modal>
      {publishing && <PublishDialog onClose={() => setPublishing(false)} />}
    </div>
  );
}

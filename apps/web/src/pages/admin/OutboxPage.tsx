/** Every mail the platform sends, newest first, with its status; dead ones can be retried. */
import { Code, Group, Modal, NativeSelect, Text } from '@mantine/core';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { useCursorList } from '../../components/CursorList';
import { CursorTable, type Column } from '../../components/CursorTable';
import { RowAction } from '../../components/RowAction';
import { PageHeader } from '../../components/PageHeader';
import { StatusBadge } from '../../components/StatusBadge';
import { useAction } from '../../hooks/useAction';
import { useI18n } from '../../i18n/i18n';

type Mail = Schemas['OutboxMailResponse'];
type Status = Mail['status'];
const STATUSES: Status[] = ['queued', 'sent', 'captured', 'skipped', 'dead'];

export function OutboxPage() {
  const { t, dateTime } = useI18n();
  const [status, setStatus] = useState<Status | ''>('');
  const [shown, setShown] = useState<Mail>();
  const mails = useCursorList(['outbox', status], (cursor) =>
    call(
      api.GET('/v1/admin/outbox', {
        params: { query: { cursor, limit: 50, status: status || undefined } },
      }),
    ),
  );
  const retry = useAction(
    (id: string) => call(api.POST('/v1/admin/outbox/{id}/retry', { params: { path: { id } } })),
    { success: 'outbox.retried', invalidate: [['outbox']] },
  );
  const columns: Column<Mail>[] = [
    { header: t('outbox.created'), cell: (m) => dateTime(m.createdAt) },
    { header: t('outbox.to'), cell: (m) => m.to ?? '—' },
    { header: t('outbox.subject'), cell: (m) => m.subject ?? '—' },
    { header: t('outbox.kind'), cell: (m) => <Code>{m.kind}</Code> },
    {
      header: t('hooks.status'),
      cell: (m) => (
        <>
          <StatusBadge status={m.status} />
          {m.lastError && (
            <Text size="xs" c="red">
              {m.lastError}
            </Text>
          )}
        </>
      ),
    },
    { header: t('outbox.attempts'), cell: (m) => m.attempts },
  ];
  const actions = (m: Mail) => (
    <Group gap="xs" wrap="nowrap">
      {m.text && (
        <RowAction
          label={t('outbox.show')}
          name={t('outbox.showOf', { subject: m.subject ?? m.kind })}
          onClick={() => setShown(m)}
        />
      )}
      {m.status === 'dead' && (
        <RowAction
          label={t('outbox.retry')}
          name={t('outbox.retryOf', { subject: m.subject ?? m.kind })}
          onClick={() => retry.mutate(m.id)}
          tone="primary"
        />
      )}
    </Group>
  );
  return (
    <>
      <PageHeader title={t('outbox.title')} subtitle={t('outbox.subtitle')} />
      <Group mb="md">
        <NativeSelect
          label={t('hooks.status')}
          value={status}
          data={[{ value: '', label: '—' }, ...STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))]}
          onChange={(e) => setStatus(e.currentTarget.value as Status | '')}
        />
      </Group>
      <CursorTable list={mails} actions={actions} columns={columns} empty={t('outbox.empty')} />
      <Modal
        opened={shown !== undefined}
        onClose={() => setShown(undefined)}
        title={shown?.subject ?? ''}
        size="lg"
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        {shown && (
          <Code block style={{ whiteSpace: 'pre-wrap' }}>
            {shown.text}
          </Code>
        )}
      </Modal>
    </>
  );
}

/** Every mail the platform sends, newest first, with its status; dead ones can be retried. */
import { Button, Card, Code, Group, Modal, NativeSelect, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { CursorList, useCursorList } from '../../components/CursorList';
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
      <CursorList list={mails} empty={t('outbox.empty')}>
        {(items) => (
          <Card withBorder p={0} className="table-scroll">
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('outbox.created')}</Table.Th>
                  <Table.Th>{t('outbox.to')}</Table.Th>
                  <Table.Th>{t('outbox.subject')}</Table.Th>
                  <Table.Th>{t('outbox.kind')}</Table.Th>
                  <Table.Th>{t('hooks.status')}</Table.Th>
                  <Table.Th>{t('outbox.attempts')}</Table.Th>
                  <Table.Th>
                    <span className="sr-only">{t('team.actions')}</span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((m) => (
                  <Table.Tr key={m.id}>
                    <Table.Td>{dateTime(m.createdAt)}</Table.Td>
                    <Table.Td>{m.to ?? '—'}</Table.Td>
                    <Table.Td>{m.subject ?? '—'}</Table.Td>
                    <Table.Td>
                      <Code>{m.kind}</Code>
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge status={m.status} />
                      {m.lastError && (
                        <Text size="xs" c="red">
                          {m.lastError}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{m.attempts}</Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        {m.text && (
                          <Button
                            size="xs"
                            variant="default"
                            onClick={() => setShown(m)}
                            aria-label={t('outbox.showOf', { subject: m.subject ?? m.kind })}
                          >
                            {t('outbox.show')}
                          </Button>
                        )}
                        {m.status === 'dead' && (
                          <Button
                            size="xs"
                            variant="light"
                            onClick={() => retry.mutate(m.id)}
                            aria-label={t('outbox.retryOf', { subject: m.subject ?? m.kind })}
                          >
                            {t('outbox.retry')}
                          </Button>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
        )}
      </CursorList>
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

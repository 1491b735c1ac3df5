import { Button, Card, Code, Group, Table, TextInput } from '@mantine/core';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { CursorList, useCursorList } from '../../components/CursorList';
import { PageHeader } from '../../components/PageHeader';
import { useI18n } from '../../i18n/i18n';

export function AuditLogPage() {
  const { t, dateTime } = useI18n();
  const [draft, setDraft] = useState('');
  const [action, setAction] = useState('');
  const log = useCursorList(['audit-log', action], (cursor) =>
    call(
      api.GET('/v1/admin/audit-log', {
        params: { query: { cursor, limit: 50, action: action || undefined } },
      }),
    ),
  );
  return (
    <>
      <PageHeader title={t('audit.title')} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setAction(draft.trim());
        }}
      >
        <Group align="flex-end" mb="md">
          <TextInput
            label={t('audit.action')}
            placeholder="campaign.approve"
            value={draft}
            onChange={(e) => setDraft(e.currentTarget.value)}
          />
          <Button type="submit" variant="default">
            {t('users.searchButton')}
          </Button>
        </Group>
      </form>
      <CursorList list={log} empty={t('audit.empty')}>
        {(items) => (
          <Card withBorder p={0} className="table-scroll">
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('reports.when')}</Table.Th>
                  <Table.Th>{t('audit.action')}</Table.Th>
                  <Table.Th>{t('reports.subject')}</Table.Th>
                  <Table.Th>{t('reports.reason')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((e) => (
                  <Table.Tr key={e.id}>
                    <Table.Td>{dateTime(e.createdAt)}</Table.Td>
                    <Table.Td>
                      <Code>{e.action}</Code>
                    </Table.Td>
                    <Table.Td>
                      {e.subjectType} <Code>{e.subjectId?.slice(0, 8)}</Code>
                    </Table.Td>
                    <Table.Td>{e.reason ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
        )}
      </CursorList>
    </>
  );
}

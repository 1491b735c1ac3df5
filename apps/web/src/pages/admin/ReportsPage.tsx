import { Card, Table } from '@mantine/core';
import { Link } from 'react-router';
import { api, call } from '../../api/client';
import { CursorList, useCursorList } from '../../components/CursorList';
import { PageHeader } from '../../components/PageHeader';
import { useI18n } from '../../i18n/i18n';

export function ReportsPage() {
  const { t, dateTime } = useI18n();
  const reports = useCursorList(['reports'], (cursor) =>
    call(api.GET('/v1/admin/reports', { params: { query: { cursor, limit: 50 } } })),
  );
  return (
    <>
      <PageHeader title={t('reports.title')} />
      <CursorList list={reports} empty={t('reports.empty')}>
        {(items) => (
          <Card withBorder p={0} className="table-scroll">
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('reports.when')}</Table.Th>
                  <Table.Th>{t('reports.subject')}</Table.Th>
                  <Table.Th>{t('reports.reason')}</Table.Th>
                  <Table.Th>{t('reports.by')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td>{dateTime(r.createdAt)}</Table.Td>
                    <Table.Td>
                      {r.subjectType === 'campaign' ? (
                        <Link to={`/admin/moderation/${r.subjectId}`}>{t('reports.campaign')}</Link>
                      ) : (
                        <Link to={`/admin/users?id=${r.subjectId}`}>{t('reports.user')}</Link>
                      )}
                    </Table.Td>
                    <Table.Td>{r.reason}</Table.Td>
                    <Table.Td>{r.reporterDisplayName}</Table.Td>
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

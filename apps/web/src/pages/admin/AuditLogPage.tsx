import { Code } from '@mantine/core';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { useCursorList } from '../../components/CursorList';
import { CursorTable, type Column } from '../../components/CursorTable';
import { SearchForm } from '../../components/SearchForm';
import { PageHeader } from '../../components/PageHeader';
import { useI18n } from '../../i18n/i18n';

type Entry = Schemas['AuditEntryResponse'];

export function AuditLogPage() {
  const { t, dateTime } = useI18n();
  const [action, setAction] = useState('');
  const log = useCursorList(['audit-log', action], (cursor) =>
    call(
      api.GET('/v1/admin/audit-log', {
        params: { query: { cursor, limit: 50, action: action || undefined } },
      }),
    ),
  );
  const columns: Column<Entry>[] = [
    { header: t('reports.when'), cell: (e) => dateTime(e.createdAt) },
    { header: t('audit.action'), cell: (e) => <Code>{e.action}</Code> },
    {
      header: t('reports.subject'),
      cell: (e) => (
        <>
          {e.subjectType} <Code>{e.subjectId?.slice(0, 8)}</Code>
        </>
      ),
    },
    { header: t('reports.reason'), cell: (e) => e.reason ?? '—' },
  ];
  return (
    <>
      <PageHeader title={t('audit.title')} />
      <SearchForm label={t('audit.action')} placeholder="campaign.approve" onSearch={setAction} />
      <CursorTable list={log} columns={columns} empty={t('audit.empty')} />
    </>
  );
}

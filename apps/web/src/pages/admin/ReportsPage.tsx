import { Link } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { useCursorList } from '../../components/CursorList';
import { CursorTable, type Column } from '../../components/CursorTable';
import { PageHeader } from '../../components/PageHeader';
import { useI18n } from '../../i18n/i18n';

type Report = Schemas['AdminReportResponse'];

export function ReportsPage() {
  const { t, dateTime } = useI18n();
  const reports = useCursorList(['reports'], (cursor) =>
    call(api.GET('/v1/admin/reports', { params: { query: { cursor, limit: 50 } } })),
  );
  const columns: Column<Report>[] = [
    { header: t('reports.when'), cell: (r) => dateTime(r.createdAt) },
    {
      header: t('reports.subject'),
      cell: (r) =>
        r.subjectType === 'campaign' ? (
          <Link to={`/admin/moderation/${r.subjectId}`}>{t('reports.campaign')}</Link>
        ) : (
          <Link to={`/admin/users?id=${r.subjectId}`}>{t('reports.user')}</Link>
        ),
    },
    { header: t('reports.reason'), cell: (r) => r.reason },
    { header: t('reports.by'), cell: (r) => r.reporterDisplayName },
  ];
  return (
    <>
      <PageHeader title={t('reports.title')} />
      <CursorTable list={reports} columns={columns} empty={t('reports.empty')} />
    </>
  );
}

import { api, call } from '../../api/client';
import { useCursorList } from '../../components/CursorList';
import { LedgerTable } from '../../components/LedgerTable';
import { PageHeader } from '../../components/PageHeader';
import { useI18n } from '../../i18n/i18n';

export function AdminPaymentsPage() {
  const { t } = useI18n();
  const ledger = useCursorList(['payments', 'all'], (cursor) =>
    call(api.GET('/v1/admin/payments', { params: { query: { cursor, limit: 50 } } })),
  );
  return (
    <>
      <PageHeader title={t('payments.allTitle')} />
      <LedgerTable list={ledger} />
    </>
  );
}

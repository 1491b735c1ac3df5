import { api, call } from '../../api/client';
import { useCursorList } from '../../components/CursorList';
import { LedgerTable } from '../../components/LedgerTable';
import { PageHeader } from '../../components/PageHeader';
import { useBrand } from '../../hooks/useBrand';
import { useI18n } from '../../i18n/i18n';

export function BrandPaymentsPage() {
  const { t } = useI18n();
  const { brand } = useBrand();
  const brandId = brand?.id ?? '';
  const ledger = useCursorList(['payments', brandId], (cursor) =>
    call(
      api.GET('/v1/brands/{brandId}/payments', {
        params: { path: { brandId }, query: { cursor, limit: 50 } },
      }),
    ),
  );
  return (
    <>
      <PageHeader title={t('payments.title')} subtitle={brand?.name} />
      <LedgerTable list={ledger} />
    </>
  );
}

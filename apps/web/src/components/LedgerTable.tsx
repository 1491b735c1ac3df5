import type { Schemas } from '../api/client';
import { useI18n } from '../i18n/i18n';
import type { useCursorList } from './CursorList';
import { CursorTable, type Column } from './CursorTable';
import { StatusBadge } from './StatusBadge';

type Entry = Schemas['LedgerEntryDto'];

/** Charges and refunds, for a brand's payments page and the admin's. */
export function LedgerTable({ list }: { list: ReturnType<typeof useCursorList<Entry>> }) {
  const { t, dateTime, money } = useI18n();
  const columns: Column<Entry>[] = [
    { header: t('payments.date'), cell: (e) => dateTime(e.createdAt) },
    { header: t('payments.kind'), cell: (e) => <StatusBadge status={e.kind} /> },
    {
      header: t('payments.amount'),
      cell: (e) => money(e.kind === 'refund' ? -e.amountMinor : e.amountMinor, e.currency),
    },
    { header: t('payments.description'), cell: (e) => e.description },
    { header: t('payments.reference'), cell: (e) => e.stripeRef },
  ];
  return <CursorTable list={list} columns={columns} empty={t('payments.empty')} />;
}

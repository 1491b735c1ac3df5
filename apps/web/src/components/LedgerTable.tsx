import { Card, Table } from '@mantine/core';
import type { Schemas } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { StatusBadge } from './StatusBadge';

/** Charges and refunds, for a brand's payments page and the admin's. */
export function LedgerTable({ entries }: { entries: Schemas['LedgerEntryDto'][] }) {
  const { t, dateTime, money } = useI18n();
  return (
    <Card withBorder p={0} className="table-scroll">
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('payments.date')}</Table.Th>
            <Table.Th>{t('payments.kind')}</Table.Th>
            <Table.Th>{t('payments.amount')}</Table.Th>
            <Table.Th>{t('payments.description')}</Table.Th>
            <Table.Th>{t('payments.reference')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((e) => (
            <Table.Tr key={e.id}>
              <Table.Td>{dateTime(e.createdAt)}</Table.Td>
              <Table.Td>
                <StatusBadge status={e.kind} />
              </Table.Td>
              <Table.Td>{money(e.kind === 'refund' ? -e.amountMinor : e.amountMinor, e.currency)}</Table.Td>
              <Table.Td>{e.description}</Table.Td>
              <Table.Td>{e.stripeRef}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

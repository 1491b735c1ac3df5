/**
 * Tables: columns declared once (heading + cell), rows from a list or from a cursor-paginated
 * query (`useCursorList`), with the loading, error and empty states and "Load more" of `CursorList`.
 */
import { Card, Table, type TableProps } from '@mantine/core';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import { CursorList, type useCursorList } from './CursorList';

export interface Column<T> {
  /** The column heading (also its accessible name). */
  header: string;
  cell: (row: T) => ReactNode;
}

interface DataTableProps<T> extends Omit<TableProps, 'children' | 'data'> {
  columns: Column<T>[];
  rows: T[];
  /** What tells rows apart: their `id` unless said otherwise. */
  rowKey?: (row: T) => string;
  /** The buttons acting on a row, in a last column whose heading only screen readers get. */
  actions?: (row: T) => ReactNode;
}

const byId = (row: unknown) => (row as { id: string }).id;

export function DataTable<T>({ columns, rows, rowKey = byId, actions, ...tableProps }: DataTableProps<T>) {
  const { t } = useI18n();
  return (
    <Table {...tableProps}>
      <Table.Thead>
        <Table.Tr>
          {columns.map((c) => (
            <Table.Th key={c.header}>{c.header}</Table.Th>
          ))}
          {actions && (
            <Table.Th>
              <span className="sr-only">{t('team.actions')}</span>
            </Table.Th>
          )}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={rowKey(row)}>
            {columns.map((c) => (
              <Table.Td key={c.header}>{c.cell(row)}</Table.Td>
            ))}
            {actions && <Table.Td>{actions(row)}</Table.Td>}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** A table that scrolls sideways on narrow screens: in a bordered card, or bare inside another one. */
export function TableFrame({ bare, children }: { bare?: boolean; children: ReactNode }) {
  return bare ? (
    <div className="table-scroll">{children}</div>
  ) : (
    <Card withBorder p={0} className="table-scroll">
      {children}
    </Card>
  );
}

type CursorTableProps<T> = Omit<DataTableProps<T>, 'rows'> & {
  list: ReturnType<typeof useCursorList<T>>;
  empty: ReactNode;
  bare?: boolean;
};

export function CursorTable<T>({ list, empty, bare, ...table }: CursorTableProps<T>) {
  return (
    <CursorList list={list} empty={empty}>
      {(rows) => (
        <TableFrame bare={bare}>
          <DataTable {...table} rows={rows} />
        </TableFrame>
      )}
    </CursorList>
  );
}

/**
 * Cursor-paginated lists (`{ data, hasMore, nextCursor }`): the first page, then "Load more". A
 * list the API answers whole (`{ data }`, no `hasMore`) is a list of one page.
 */
import { Button, Center } from '@mantine/core';
import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import { EmptyState, ErrorAlert, Loading } from './QueryView';

export interface Page<T> {
  data: T[];
  hasMore?: boolean;
  nextCursor?: string | null;
}

export function useCursorList<T>(
  queryKey: QueryKey,
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  options: { enabled?: boolean } = {},
) {
  return useInfiniteQuery({
    ...options,
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => (last.hasMore && last.nextCursor ? last.nextCursor : undefined),
  });
}

interface CursorListProps<T> {
  list: ReturnType<typeof useCursorList<T>>;
  empty: ReactNode;
  children: (items: T[]) => ReactNode;
}

export function CursorList<T>({ list, empty, children }: CursorListProps<T>) {
  const { t } = useI18n();
  if (list.isError && !list.data)
    return <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  if (list.isPending) return <Loading />;
  const items = list.data.pages.flatMap((page) => page.data);
  if (items.length === 0) return <EmptyState>{empty}</EmptyState>;
  return (
    <>
      {children(items)}
      {list.isFetchNextPageError && <ErrorAlert error={list.error} />}
      {list.hasNextPage && (
        <Center mt="md">
          <Button
            variant="default"
            loading={list.isFetchingNextPage}
            onClick={() => void list.fetchNextPage()}
          >
            {t('common.loadMore')}
          </Button>
        </Center>
      )}
    </>
  );
}

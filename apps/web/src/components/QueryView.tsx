/** Loading, error and empty states for any query, so no page shows a blank screen. */
import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ApiError } from '../api/errors';
import { useI18n } from '../i18n/i18n';

export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  const apiError = error instanceof ApiError ? error : undefined;
  return (
    <Alert color="red" title={t('common.errorTitle')} role="alert">
      <Stack gap="xs">
        <Text size="sm">{apiError?.message ?? t('common.unexpectedError')}</Text>
        {apiError?.requestId && (
          <Text size="xs" c="dimmed">
            {t('common.requestId', { id: apiError.requestId })}
          </Text>
        )}
        {onRetry && (
          <div>
            <Button size="xs" variant="light" color="red" onClick={onRetry}>
              {t('common.retry')}
            </Button>
          </div>
        )}
      </Stack>
    </Alert>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <Center py="xl">
      <Loader aria-label={t('common.loading')} />
    </Center>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return (
    <Text c="dimmed" ta="center" py="xl">
      {children}
    </Text>
  );
}

interface QueryViewProps<T> {
  query: Pick<UseQueryResult<T>, 'data' | 'error' | 'isPending' | 'isError' | 'refetch'>;
  children: (data: T) => ReactNode;
  /** When given and true for the data, `empty` is shown instead of the children. */
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  /** Errors that the page shows itself (e.g. 404 score_not_available) rather than as a failure. */
  renderError?: (error: unknown) => ReactNode | undefined;
}

export function QueryView<T>({ query, children, isEmpty, empty, renderError }: QueryViewProps<T>) {
  if (query.isError) {
    const custom = renderError?.(query.error);
    return custom ?? <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  }
  if (query.isPending || query.data === undefined) return <Loading />;
  if (isEmpty?.(query.data)) return <EmptyState>{empty}</EmptyState>;
  return <>{children(query.data)}</>;
}

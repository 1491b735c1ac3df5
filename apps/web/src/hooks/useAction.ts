/**
 * A write to the API with the app's usual feedback: a notification with the API's own message on
 * failure (forms show field errors themselves and pass `quiet`), an optional one on success, and the
 * queries it changes refreshed.
 */
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { ApiError } from '../api/errors';
import { useI18n, type MessageKey } from '../i18n/i18n';

interface ActionOptions<TResult> {
  success?: MessageKey;
  invalidate?: QueryKey[];
  /** Field errors go on the form instead: no notification for validation failures. */
  quiet?: boolean;
  /** The page shows every failure itself (e.g. the front desk's refusal panel): no notification. */
  silent?: boolean;
  onSuccess?: (result: TResult) => void;
}

export function useAction<TInput, TResult>(
  run: (input: TInput) => Promise<TResult>,
  options: ActionOptions<TResult> = {},
) {
  const queryClient = useQueryClient();
  const { t } = useI18n();
  return useMutation({
    mutationFn: run,
    onSuccess: async (result) => {
      if (options.success)
        notifications.show({
          color: 'green',
          message: t(options.success),
          closeButtonProps: { 'aria-label': t('common.close') },
        });
      await Promise.all(
        (options.invalidate ?? []).map((queryKey) => queryClient.invalidateQueries({ queryKey })),
      );
      options.onSuccess?.(result);
    },
    onError: (error) => {
      if (options.silent) return;
      if (options.quiet && error instanceof ApiError && Object.keys(error.fieldErrors()).length > 0) return;
      notifications.show({
        color: 'red',
        title: t('common.errorTitle'),
        message: error instanceof ApiError ? error.message : t('common.unexpectedError'),
        closeButtonProps: { 'aria-label': t('common.close') },
      });
    },
  });
}

/** The field errors of a failed action, keyed by the API's field path (`inventory.total`, `title`). */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  return error instanceof ApiError ? error.fieldErrors() : {};
}

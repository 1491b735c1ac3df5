/** The member's email switches (`/v1/me/notifications`): each non-essential kind, and the mail language. */
import { NativeSelect, Stack, Switch } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, call, type Schemas } from '../api/client';
import { useAction } from '../hooks/useAction';
import { LANGUAGES, useI18n, type Language } from '../i18n/i18n';
import { QueryView } from './QueryView';
import { SectionCard } from './SectionCard';

type Settings = Schemas['UpdateNotificationSettingsDto'];
type Current = Schemas['NotificationSettingsResponse'];
type Switch = { [K in keyof Current]: Current[K] extends boolean ? K : never }[keyof Current];
/**
 * The switches are the response's boolean fields, in the server's order (its PREFERENCE_KEYS), so the
 * list of kinds lives in one place.
 */
function switchesOf(data: Current): Switch[] {
  return (Object.keys(data) as (keyof Current)[]).filter(
    (key): key is Switch => typeof data[key] === 'boolean',
  );
}

export function NotificationSettings() {
  const { t } = useI18n();
  const settings = useQuery({
    queryKey: ['notifications'],
    queryFn: () => call(api.GET('/v1/me/notifications')),
  });
  const update = useAction((body: Settings) => call(api.PATCH('/v1/me/notifications', { body })), {
    success: 'notify.saved',
    invalidate: [['notifications']],
  });
  return (
    <SectionCard title={t('notify.title')} text={t('notify.text')}>
      <QueryView query={settings}>
        {(data) => (
          <Stack>
            {switchesOf(data).map((key) => (
              <Switch
                key={key}
                label={t(`notify.${key}`)}
                checked={data[key]}
                disabled={update.isPending}
                onChange={(e) => update.mutate({ [key]: e.currentTarget.checked })}
              />
            ))}
            <NativeSelect
              label={t('notify.language')}
              value={data.language}
              data={LANGUAGES}
              disabled={update.isPending}
              onChange={(e) => update.mutate({ language: e.currentTarget.value as Language })}
              maw={240}
            />
          </Stack>
        )}
      </QueryView>
    </SectionCard>
  );
}

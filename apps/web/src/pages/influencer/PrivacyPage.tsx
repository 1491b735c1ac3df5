import { Alert, Button, Card, Group, Modal, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { useLogout, useMe } from '../../app/auth';
import { NotificationSettings } from '../../components/NotificationSettings';
import { PageHeader } from '../../components/PageHeader';
import { QueryView } from '../../components/QueryView';
import { useAction } from '../../hooks/useAction';
import { useI18n } from '../../i18n/i18n';
import { bindText } from '../../components/fields';
import { SectionCard } from '../../components/SectionCard';

type Privacy = Schemas['PrivacySettingsResponse'];
const SWITCHES = ['publicProfile', 'discoverable', 'scoringConsent'] as const;

/** Saves the export as a JSON file, the way a browser download would. */
function download(name: string, data: unknown): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function DeleteAccount() {
  const { t } = useI18n();
  const me = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const word = t('privacy.deleteWord');
  const erase = useAction(() => call(api.DELETE('/v1/me')), {
    onSuccess: () => void logout().then(() => navigate('/')),
  });
  return (
    <SectionCard title={t('privacy.deleteTitle')} text={t('privacy.deleteText')}>
      <Button color="red" variant="light" onClick={() => setOpen(true)}>
        {t('privacy.delete')}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={t('privacy.deleteTitle')}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (typed === word) erase.mutate(undefined);
          }}
        >
          <Stack>
            <Text size="sm">{t('privacy.deleteConfirm', { word, email: me.data?.email ?? '' })}</Text>
            <TextInput
              label={t('privacy.deleteTyped', { word })}
              {...bindText(typed, setTyped)}
              data-autofocus
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpen(false)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" color="red" disabled={typed !== word} loading={erase.isPending}>
                {t('privacy.deleteForever')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </SectionCard>
  );
}

export function PrivacyPage() {
  const { t } = useI18n();
  const privacy = useQuery({ queryKey: ['privacy'], queryFn: () => call(api.GET('/v1/me/privacy')) });
  const update = useAction((body: Partial<Privacy>) => call(api.PATCH('/v1/me/privacy', { body })), {
    success: 'privacy.saved',
    invalidate: [['privacy'], ['me'], ['score'], ['perks']],
  });
  const exporter = useAction(() => call(api.GET('/v1/me/export')), {
    success: 'privacy.exported',
    onSuccess: (data) => download(`perkrank-export-${new Date().toISOString().slice(0, 10)}.json`, data),
  });
  return (
    <>
      <PageHeader title={t('privacy.title')} subtitle={t('privacy.subtitle')} />
      <Stack>
        <QueryView query={privacy}>
          {(data) => (
            <Card withBorder>
              <Stack>
                {SWITCHES.map((key) => (
                  <Switch
                    key={key}
                    label={t(`privacy.${key}`)}
                    description={t(`privacy.${key}Help`)}
                    checked={data[key]}
                    disabled={update.isPending}
                    onChange={(e) => update.mutate({ [key]: e.currentTarget.checked })}
                  />
                ))}
                {!data.scoringConsent && (
                  <Alert color="orange" role="status">
                    {t('privacy.consentWithdrawn')}
                  </Alert>
                )}
              </Stack>
            </Card>
          )}
        </QueryView>
        <NotificationSettings />
        <SectionCard title={t('privacy.exportTitle')} text={t('privacy.exportText')}>
          <Button variant="default" loading={exporter.isPending} onClick={() => exporter.mutate(undefined)}>
            {t('privacy.export')}
          </Button>
        </SectionCard>
        <DeleteAccount />
      </Stack>
    </>
  );
}

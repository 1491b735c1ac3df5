import { Alert, Button, Card, Code, Group, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { NETWORKS, type Network } from '../../components/networks';
import { FormCard } from '../../components/FormCard';
import { RowAction } from '../../components/RowAction';
import { PageHeader } from '../../components/PageHeader';
import { QueryView } from '../../components/QueryView';
import { StatusBadge } from '../../components/StatusBadge';
import { fieldErrorsOf, useAction } from '../../hooks/useAction';
import { useI18n } from '../../i18n/i18n';
import { bindText } from '../../components/fields';

type Account = Schemas['SocialAccountResponse'];

function ConnectForm() {
  const { t } = useI18n();
  const [network, setNetwork] = useState<Network>('mastodon');
  const [handle, setHandle] = useState('');
  const connect = useAction(
    (body: Schemas['ConnectSocialAccountDto']) => call(api.POST('/v1/me/social-accounts', { body })),
    {
      success: 'accounts.connected',
      invalidate: [['social-accounts']],
      quiet: true,
      onSuccess: () => setHandle(''),
    },
  );
  const fields = fieldErrorsOf(connect.error);
  return (
    <FormCard
      title={t('accounts.connectTitle')}
      submitLabel={t('accounts.connect')}
      busy={connect.isPending}
      onSubmit={() => connect.mutate({ network, handle })}
    >
      <NativeSelect
        label={t('accounts.network')}
        value={network}
        data={NETWORKS.map((n) => ({ value: n, label: t(`network.${n}`) }))}
        onChange={(e) => setNetwork(e.currentTarget.value as Network)}
        error={fields.network}
      />
      <TextInput
        label={t('accounts.handle')}
        placeholder="@you@mastodon.social"
        required
        {...bindText(handle, setHandle, fields.handle)}
      />
    </FormCard>
  );
}

function AccountCard({ account }: { account: Account }) {
  const { t, number } = useI18n();
  const path = { params: { path: { id: account.id } } };
  const verify = useAction(() => call(api.POST('/v1/me/social-accounts/{id}/verify', path)), {
    success: 'accounts.verified',
    invalidate: [['social-accounts']],
  });
  const remove = useAction(() => call(api.DELETE('/v1/me/social-accounts/{id}', path)), {
    success: 'accounts.removed',
    invalidate: [['social-accounts']],
  });
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={600}>
            {t(`network.${account.network}`)} · {account.handle}
          </Text>
          <StatusBadge status={account.status} />
        </Group>
        {account.status === 'verified' && (
          <Text size="sm" c="dimmed">
            {t('accounts.stats', {
              followers: number(account.followers ?? 0),
              posts: number(account.posts ?? 0),
            })}
          </Text>
        )}
        {account.status === 'pending_verification' && account.verification && (
          <Alert color="blue" title={t('accounts.howToVerify')}>
            <Text size="sm">{account.verification.instructions}</Text>
            <Text size="sm" mt={4}>
              {t('accounts.token')} <Code>{account.verification.token}</Code>
            </Text>
          </Alert>
        )}
        <Group>
          {account.status === 'pending_verification' && account.verification?.method !== 'admin_review' && (
            <Button size="xs" loading={verify.isPending} onClick={() => verify.mutate(undefined)}>
              {t('accounts.verify')}
            </Button>
          )}
          <RowAction
            label={t('accounts.remove')}
            name={t('accounts.removeOf', { handle: account.handle })}
            onClick={() => remove.mutate(undefined)}
            tone="danger"
            loading={remove.isPending}
          />
        </Group>
      </Stack>
    </Card>
  );
}

export function AccountsPage() {
  const { t } = useI18n();
  const accounts = useQuery({
    queryKey: ['social-accounts'],
    queryFn: () => call(api.GET('/v1/me/social-accounts')),
  });
  return (
    <>
      <PageHeader title={t('accounts.title')} subtitle={t('accounts.subtitle')} />
      <Stack>
        <ConnectForm />
        <QueryView query={accounts} isEmpty={(d) => d.data.length === 0} empty={t('accounts.empty')}>
          {(data) => (
            <div className="grid-2">
              {data.data.map((account) => (
                <AccountCard key={account.id} account={account} />
              ))}
            </div>
          )}
        </QueryView>
      </Stack>
    </>
  );
}

import { Button, Card, Group, Stack, Text } from '@mantine/core';
import { api, call } from '../../api/client';
import { useMyInvitations } from '../../app/auth';
import { PageHeader } from '../../components/PageHeader';
import { QueryView } from '../../components/QueryView';
import { useAction } from '../../hooks/useAction';
import { useI18n } from '../../i18n/i18n';

/** The brand teams that invited the signed-in person: accept joins the team, decline ends it. */
export function InvitationsPage() {
  const { t, date } = useI18n();
  const invitations = useMyInvitations();
  const accept = useAction(
    (invitationId: string) =>
      call(api.POST('/v1/me/invitations/{invitationId}/accept', { params: { path: { invitationId } } })),
    { success: 'invites.accepted', invalidate: [['my-invitations'], ['me'], ['team']] },
  );
  const decline = useAction(
    (invitationId: string) =>
      call(api.POST('/v1/me/invitations/{invitationId}/decline', { params: { path: { invitationId } } })),
    { success: 'invites.declined', invalidate: [['my-invitations']] },
  );
  return (
    <>
      <PageHeader title={t('invites.title')} subtitle={t('invites.subtitle')} />
      <QueryView query={invitations} isEmpty={(d) => d.length === 0} empty={t('invites.empty')}>
        {(data) => (
          <Stack>
            {data.map((inv) => (
              <Card withBorder key={inv.id}>
                <Group justify="space-between" align="center">
                  <div>
                    <Text fw={600}>
                      {t('invites.item', { brand: inv.brand.name, role: t(`role.${inv.role}`) })}
                    </Text>
                    <Text size="sm" c="dimmed">
                      {t('team.expires')}: {date(inv.expiresAt)}
                    </Text>
                  </div>
                  <Group gap="xs">
                    <Button
                      onClick={() => accept.mutate(inv.id)}
                      loading={accept.isPending && accept.variables === inv.id}
                      aria-label={t('invites.acceptOf', { brand: inv.brand.name })}
                    >
                      {t('invites.accept')}
                    </Button>
                    <Button
                      variant="default"
                      onClick={() => decline.mutate(inv.id)}
                      loading={decline.isPending && decline.variables === inv.id}
                      aria-label={t('invites.declineOf', { brand: inv.brand.name })}
                    >
                      {t('invites.decline')}
                    </Button>
                  </Group>
                </Group>
              </Card>
            ))}
          </Stack>
        )}
      </QueryView>
    </>
  );
}

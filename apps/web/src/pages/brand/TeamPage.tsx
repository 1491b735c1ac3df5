import { Button, Card, Group, NativeSelect, Stack, Table, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { useMe } from '../../app/auth';
import { PageHeader } from '../../components/PageHeader';
import { QueryView } from '../../components/QueryView';
import { fieldErrorsOf, useAction } from '../../hooks/useAction';
import { useBrand } from '../../hooks/useBrand';
import { useI18n, type MessageKey } from '../../i18n/i18n';

type Role = Schemas['AddMemberDto']['role'];

export function TeamPage() {
  const { t, date } = useI18n();
  const me = useMe();
  const { brand } = useBrand();
  const brandId = brand?.id ?? '';
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('staff');
  const members = useQuery({
    queryKey: ['team', brandId],
    queryFn: () => call(api.GET('/v1/brands/{brandId}/members', { params: { path: { brandId } } })),
    enabled: brandId !== '',
  });
  const invitations = useQuery({
    queryKey: ['invitations', brandId],
    queryFn: async () =>
      (
        await call(api.GET('/v1/brands/{brandId}/invitations', { params: { path: { brandId } } }))
      ).data.filter((inv) => inv.status === 'pending'),
    enabled: brandId !== '',
  });
  // The answer is the same whether or not the address has an account (no email enumeration).
  const invite = useAction(
    (body: Schemas['AddMemberDto']) =>
      call(api.POST('/v1/brands/{brandId}/members', { params: { path: { brandId } }, body })),
    { quiet: true, success: 'team.invited', invalidate: [['invitations']], onSuccess: () => setEmail('') },
  );
  const revoke = useAction(
    (invitationId: string) =>
      call(
        api.DELETE('/v1/brands/{brandId}/invitations/{invitationId}', {
          params: { path: { brandId, invitationId } },
        }),
      ),
    { success: 'team.revoked', invalidate: [['invitations']] },
  );
  const remove = useAction(
    (userId: string) =>
      call(api.DELETE('/v1/brands/{brandId}/members/{userId}', { params: { path: { brandId, userId } } })),
    { success: 'team.removed', invalidate: [['team']] },
  );
  const fields = fieldErrorsOf(invite.error);
  return (
    <>
      <PageHeader title={t('team.title')} subtitle={brand?.name} />
      <Stack>
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">
            {t('team.invite')}
          </Title>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              invite.mutate({ email, role });
            }}
          >
            <Group align="flex-start">
              <TextInput
                label={t('field.email')}
                type="email"
                required
                value={email}
                onChange={(e) => setEmail(e.currentTarget.value)}
                error={fields.email}
              />
              <NativeSelect
                label={t('team.role')}
                value={role}
                data={(['manager', 'staff'] as const).map((r) => ({ value: r, label: t(`role.${r}`) }))}
                onChange={(e) => setRole(e.currentTarget.value as Role)}
              />
              <Button type="submit" mt={24} loading={invite.isPending}>
                {t('team.add')}
              </Button>
            </Group>
          </form>
        </Card>
        <Card withBorder p={0} className="table-scroll">
          <Title order={2} size="h4" p="md" pb={0}>
            {t('team.pending')}
          </Title>
          <QueryView query={invitations} isEmpty={(d) => d.length === 0} empty={t('team.noPending')}>
            {(data) => (
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('field.email')}</Table.Th>
                    <Table.Th>{t('team.role')}</Table.Th>
                    <Table.Th>{t('team.expires')}</Table.Th>
                    <Table.Th>
                      <span className="sr-only">{t('team.actions')}</span>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.map((inv) => (
                    <Table.Tr key={inv.id}>
                      <Table.Td>{inv.email}</Table.Td>
                      <Table.Td>{t(`role.${inv.role}`)}</Table.Td>
                      <Table.Td>{date(inv.expiresAt)}</Table.Td>
                      <Table.Td>
                        <Button
                          size="xs"
                          color="red"
                          variant="light"
                          onClick={() => revoke.mutate(inv.id)}
                          aria-label={t('team.revokeOf', { email: inv.email })}
                        >
                          {t('team.revoke')}
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </QueryView>
        </Card>
        <QueryView query={members} isEmpty={(d) => d.data.length === 0} empty={t('team.empty')}>
          {(data) => (
            <Card withBorder p={0} className="table-scroll">
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('field.displayName')}</Table.Th>
                    <Table.Th>{t('field.email')}</Table.Th>
                    <Table.Th>{t('team.role')}</Table.Th>
                    <Table.Th>{t('team.since')}</Table.Th>
                    <Table.Th>
                      <span className="sr-only">{t('team.actions')}</span>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.data.map((m) => (
                    <Table.Tr key={m.userId}>
                      <Table.Td>{m.displayName}</Table.Td>
                      <Table.Td>{m.email}</Table.Td>
                      <Table.Td>{t(`role.${m.role}` as MessageKey)}</Table.Td>
                      <Table.Td>{date(m.createdAt)}</Table.Td>
                      <Table.Td>
                        {m.role !== 'owner' && m.userId !== me.data?.id && (
                          <Button
                            size="xs"
                            color="red"
                            variant="light"
                            onClick={() => remove.mutate(m.userId)}
                            aria-label={t('team.removeOf', { name: m.displayName })}
                          >
                            {t('team.remove')}
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Card>
          )}
        </QueryView>
      </Stack>
    </>
  );
}

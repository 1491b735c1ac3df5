import { Card, NativeSelect, Stack, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { useMe } from '../../app/auth';
import { useCursorList } from '../../components/CursorList';
import { CursorTable, type Column } from '../../components/CursorTable';
import { FormCard } from '../../components/FormCard';
import { RowAction } from '../../components/RowAction';
import { PageHeader } from '../../components/PageHeader';
import { fieldErrorsOf, useAction } from '../../hooks/useAction';
import { useBrand } from '../../hooks/useBrand';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { bindText } from '../../components/fields';

type Role = Schemas['AddMemberDto']['role'];
type Invitation = Schemas['InvitationResponse'];
type Member = Schemas['MemberResponse'];

export function TeamPage() {
  const { t, date } = useI18n();
  const me = useMe();
  const { brand } = useBrand();
  const brandId = brand?.id ?? '';
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('staff');
  const path = { params: { path: { brandId } } };
  const enabled = { enabled: brandId !== '' };
  const members = useCursorList(
    ['team', brandId],
    () => call(api.GET('/v1/brands/{brandId}/members', path)),
    enabled,
  );
  const invitations = useCursorList(
    ['invitations', brandId],
    async () => {
      const all = await call(api.GET('/v1/brands/{brandId}/invitations', path));
      return { data: all.data.filter((inv) => inv.status === 'pending') };
    },
    enabled,
  );
  // The answer is the same whether or not the address has an account (no email enumeration).
  const invite = useAction(
    (body: Schemas['AddMemberDto']) => call(api.POST('/v1/brands/{brandId}/members', { ...path, body })),
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
  const pendingColumns: Column<Invitation>[] = [
    { header: t('field.email'), cell: (inv) => inv.email },
    { header: t('team.role'), cell: (inv) => t(`role.${inv.role}`) },
    { header: t('team.expires'), cell: (inv) => date(inv.expiresAt) },
  ];
  const pendingActions = (inv: Invitation) => (
    <RowAction
      label={t('team.revoke')}
      name={t('team.revokeOf', { email: inv.email })}
      onClick={() => revoke.mutate(inv.id)}
      tone="danger"
    />
  );
  const memberColumns: Column<Member>[] = [
    { header: t('field.displayName'), cell: (m) => m.displayName },
    { header: t('field.email'), cell: (m) => m.email },
    { header: t('team.role'), cell: (m) => t(`role.${m.role}` as MessageKey) },
    { header: t('team.since'), cell: (m) => date(m.createdAt) },
  ];
  const memberActions = (m: Member) =>
    m.role !== 'owner' &&
    m.userId !== me.data?.id && (
      <RowAction
        label={t('team.remove')}
        name={t('team.removeOf', { name: m.displayName })}
        onClick={() => remove.mutate(m.userId)}
        tone="danger"
      />
    );
  return (
    <>
      <PageHeader title={t('team.title')} subtitle={brand?.name} />
      <Stack>
        <FormCard
          title={t('team.invite')}
          submitLabel={t('team.add')}
          busy={invite.isPending}
          onSubmit={() => invite.mutate({ email, role })}
        >
          <TextInput
            label={t('field.email')}
            type="email"
            required
            {...bindText(email, setEmail, fields.email)}
          />
          <NativeSelect
            label={t('team.role')}
            value={role}
            data={(['manager', 'staff'] as const).map((r) => ({ value: r, label: t(`role.${r}`) }))}
            onChange={(e) => setRole(e.currentTarget.value as Role)}
          />
        </FormCard>
        <Card withBorder p={0}>
          <Title order={2} size="h4" p="md" pb={0}>
            {t('team.pending')}
          </Title>
          <CursorTable
            bare
            list={invitations}
            actions={pendingActions}
            columns={pendingColumns}
            empty={t('team.noPending')}
          />
        </Card>
        <CursorTable
          list={members}
          actions={memberActions}
          columns={memberColumns}
          rowKey={(m) => m.userId}
          empty={t('team.empty')}
        />
      </Stack>
    </>
  );
}

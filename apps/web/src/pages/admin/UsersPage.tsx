import { Button, Card, Group, Table, TextInput } from '@mantine/core';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { CursorList, useCursorList } from '../../components/CursorList';
import { PageHeader } from '../../components/PageHeader';
import { ReasonDialog } from '../../components/ReasonDialog';
import { StatusBadge } from '../../components/StatusBadge';
import { useAction } from '../../hooks/useAction';
import { useI18n } from '../../i18n/i18n';

type User = Schemas['AdminUserResponse'];

function UserActions({ user }: { user: User }) {
  const { t } = useI18n();
  const [suspending, setSuspending] = useState(false);
  const path = { params: { path: { id: user.id } } };
  const options = { invalidate: [['admin-users']] };
  const suspend = useAction(
    (reason: string) => call(api.POST('/v1/admin/users/{id}/suspend', { ...path, body: { reason } })),
    {
      ...options,
      success: 'users.suspended',
      onSuccess: () => setSuspending(false),
    },
  );
  const unsuspend = useAction(() => call(api.POST('/v1/admin/users/{id}/unsuspend', path)), {
    ...options,
    success: 'users.unsuspended',
  });
  const grant = useAction(
    () => call(api.POST('/v1/admin/users/{id}/roles', { ...path, body: { role: 'admin' } })),
    { ...options, success: 'users.granted' },
  );
  const revoke = useAction(
    () =>
      call(
        api.DELETE('/v1/admin/users/{id}/roles/{role}', { params: { path: { id: user.id, role: 'admin' } } }),
      ),
    {
      ...options,
      success: 'users.revoked',
    },
  );
  const isAdmin = user.roles.includes('admin');
  return (
    <Group gap={4} wrap="nowrap">
      {user.status === 'active' ? (
        <Button
          size="xs"
          color="red"
          variant="light"
          onClick={() => setSuspending(true)}
          aria-label={t('users.suspendOf', { name: user.displayName })}
        >
          {t('users.suspend')}
        </Button>
      ) : (
        <Button
          size="xs"
          variant="light"
          loading={unsuspend.isPending}
          onClick={() => unsuspend.mutate(undefined)}
          aria-label={t('users.unsuspendOf', { name: user.displayName })}
        >
          {t('users.unsuspend')}
        </Button>
      )}
      <Button
        size="xs"
        variant="default"
        loading={grant.isPending || revoke.isPending}
        onClick={() => (isAdmin ? revoke.mutate(undefined) : grant.mutate(undefined))}
        aria-label={t(isAdmin ? 'users.revokeAdminOf' : 'users.grantAdminOf', { name: user.displayName })}
      >
        {t(isAdmin ? 'users.revokeAdmin' : 'users.grantAdmin')}
      </Button>
      <ReasonDialog
        opened={suspending}
        title={t('users.suspendOf', { name: user.displayName })}
        label={t('review.reason')}
        confirmLabel={t('users.suspend')}
        required
        color="red"
        busy={suspend.isPending}
        onClose={() => setSuspending(false)}
        onConfirm={(reason) => suspend.mutate(reason)}
      />
    </Group>
  );
}

export function UsersPage() {
  const { t, date } = useI18n();
  const [draft, setDraft] = useState('');
  const [email, setEmail] = useState('');
  const users = useCursorList(['admin-users', email], (cursor) =>
    call(api.GET('/v1/admin/users', { params: { query: { cursor, limit: 50, email: email || undefined } } })),
  );
  return (
    <>
      <PageHeader title={t('users.title')} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setEmail(draft.trim());
        }}
      >
        <Group align="flex-end" mb="md">
          <TextInput
            label={t('users.search')}
            type="search"
            value={draft}
            onChange={(e) => setDraft(e.currentTarget.value)}
          />
          <Button type="submit" variant="default">
            {t('users.searchButton')}
          </Button>
        </Group>
      </form>
      <CursorList list={users} empty={t('users.empty')}>
        {(items) => (
          <Card withBorder p={0} className="table-scroll">
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('field.displayName')}</Table.Th>
                  <Table.Th>{t('field.email')}</Table.Th>
                  <Table.Th>{t('users.roles')}</Table.Th>
                  <Table.Th>{t('users.status')}</Table.Th>
                  <Table.Th>{t('users.joined')}</Table.Th>
                  <Table.Th>
                    <span className="sr-only">{t('team.actions')}</span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((u) => (
                  <Table.Tr key={u.id}>
                    <Table.Td>{u.displayName}</Table.Td>
                    <Table.Td>{u.email}</Table.Td>
                    <Table.Td>{u.roles.join(', ')}</Table.Td>
                    <Table.Td>
                      <StatusBadge status={u.status} />
                    </Table.Td>
                    <Table.Td>{date(u.createdAt)}</Table.Td>
                    <Table.Td>
                      <UserActions user={u} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
        )}
      </CursorList>
    </>
  );
}

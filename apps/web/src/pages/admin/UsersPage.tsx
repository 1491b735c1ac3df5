import { Group } from '@mantine/core';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { useCursorList } from '../../components/CursorList';
import { CursorTable, type Column } from '../../components/CursorTable';
import { RowAction } from '../../components/RowAction';
import { SearchForm } from '../../components/SearchForm';
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
        <RowAction
          label={t('users.suspend')}
          name={t('users.suspendOf', { name: user.displayName })}
          onClick={() => setSuspending(true)}
          tone="danger"
        />
      ) : (
        <RowAction
          label={t('users.unsuspend')}
          name={t('users.unsuspendOf', { name: user.displayName })}
          onClick={() => unsuspend.mutate(undefined)}
          tone="primary"
          loading={unsuspend.isPending}
        />
      )}
      <RowAction
        label={t(isAdmin ? 'users.revokeAdmin' : 'users.grantAdmin')}
        name={t(isAdmin ? 'users.revokeAdminOf' : 'users.grantAdminOf', { name: user.displayName })}
        onClick={() => (isAdmin ? revoke.mutate(undefined) : grant.mutate(undefined))}
        loading={grant.isPending || revoke.isPending}
      />
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
  const [email, setEmail] = useState('');
  const users = useCursorList(['admin-users', email], (cursor) =>
    call(api.GET('/v1/admin/users', { params: { query: { cursor, limit: 50, email: email || undefined } } })),
  );
  const columns: Column<User>[] = [
    { header: t('field.displayName'), cell: (u) => u.displayName },
    { header: t('field.email'), cell: (u) => u.email },
    { header: t('users.roles'), cell: (u) => u.roles.join(', ') },
    { header: t('users.status'), cell: (u) => <StatusBadge status={u.status} /> },
    { header: t('users.joined'), cell: (u) => date(u.createdAt) },
  ];
  return (
    <>
      <PageHeader title={t('users.title')} />
      <SearchForm label={t('users.search')} type="search" onSearch={setEmail} />
      <CursorTable
        list={users}
        columns={columns}
        actions={(u) => <UserActions user={u} />}
        empty={t('users.empty')}
      />
    </>
  );
}

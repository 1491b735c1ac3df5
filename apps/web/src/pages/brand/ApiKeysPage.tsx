import { Code, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { useCursorList } from '../../components/CursorList';
import { CursorTable, type Column } from '../../components/CursorTable';
import { SecretOnceForm } from '../../components/FormCard';
import { RowAction } from '../../components/RowAction';
import { PageHeader } from '../../components/PageHeader';
import { StatusBadge } from '../../components/StatusBadge';
import { fieldErrorsOf, useAction } from '../../hooks/useAction';
import { useBrand } from '../../hooks/useBrand';
import { useI18n } from '../../i18n/i18n';
import { bindText } from '../../components/fields';

type ApiKey = Schemas['ApiKeyResponse'];

export function ApiKeysPage() {
  const { t, dateTime } = useI18n();
  const { brand } = useBrand();
  const brandId = brand?.id ?? '';
  const [name, setName] = useState('');
  const keys = useCursorList(
    ['api-keys', brandId],
    () => call(api.GET('/v1/brands/{brandId}/api-keys', { params: { path: { brandId } } })),
    { enabled: brandId !== '' },
  );
  const create = useAction(
    (body: { name?: string }) =>
      call(api.POST('/v1/brands/{brandId}/api-keys', { params: { path: { brandId } }, body })),
    { quiet: true, invalidate: [['api-keys']], onSuccess: () => setName('') },
  );
  const revoke = useAction(
    (keyId: string) =>
      call(api.DELETE('/v1/brands/{brandId}/api-keys/{keyId}', { params: { path: { brandId, keyId } } })),
    { success: 'keys.revoked', invalidate: [['api-keys']] },
  );
  const columns: Column<ApiKey>[] = [
    { header: t('keys.name'), cell: (k) => k.name || '—' },
    { header: t('keys.prefix'), cell: (k) => <Code>{k.prefix}…</Code> },
    { header: t('keys.created'), cell: (k) => dateTime(k.createdAt) },
    { header: t('keys.lastUsed'), cell: (k) => (k.lastUsedAt ? dateTime(k.lastUsedAt) : '—') },
  ];
  const actions = (k: ApiKey) =>
    k.revokedAt ? (
      <StatusBadge status="revoked" />
    ) : (
      <RowAction
        label={t('keys.revoke')}
        name={t('keys.revokeOf', { name: k.name || k.prefix })}
        onClick={() => revoke.mutate(k.id)}
        tone="danger"
      />
    );
  return (
    <>
      <PageHeader title={t('keys.title')} subtitle={t('keys.subtitle')} />
      <Stack>
        <SecretOnceForm
          title={t('keys.create')}
          submitLabel={t('keys.createButton')}
          busy={create.isPending}
          onSubmit={() => create.mutate({ name: name || undefined })}
          secretTitle={t('keys.shownOnce')}
          secret={create.data?.key}
        >
          <TextInput label={t('keys.name')} {...bindText(name, setName, fieldErrorsOf(create.error).name)} />
        </SecretOnceForm>
        <CursorTable list={keys} actions={actions} columns={columns} empty={t('keys.empty')} />
      </Stack>
    </>
  );
}

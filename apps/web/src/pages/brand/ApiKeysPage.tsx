import { Alert, Button, Card, Code, Group, Stack, Table, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { QueryView } from '../../components/QueryView';
import { StatusBadge } from '../../components/StatusBadge';
import { fieldErrorsOf, useAction } from '../../hooks/useAction';
import { useBrand } from '../../hooks/useBrand';
import { useI18n } from '../../i18n/i18n';

export function ApiKeysPage() {
  const { t, dateTime } = useI18n();
  const { brand } = useBrand();
  const brandId = brand?.id ?? '';
  const [name, setName] = useState('');
  const keys = useQuery({
    queryKey: ['api-keys', brandId],
    queryFn: () => call(api.GET('/v1/brands/{brandId}/api-keys', { params: { path: { brandId } } })),
    enabled: brandId !== '',
  });
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
  return (
    <>
      <PageHeader title={t('keys.title')} subtitle={t('keys.subtitle')} />
      <Stack>
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">
            {t('keys.create')}
          </Title>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              create.mutate({ name: name || undefined });
            }}
          >
            <Group align="flex-start">
              <TextInput
                label={t('keys.name')}
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                error={fieldErrorsOf(create.error).name}
              />
              <Button type="submit" mt={24} loading={create.isPending}>
                {t('keys.createButton')}
              </Button>
            </Group>
          </form>
          {create.data && (
            <Alert color="green" mt="md" title={t('keys.shownOnce')} role="status">
              <Code block>{create.data.key}</Code>
            </Alert>
          )}
        </Card>
        <QueryView query={keys} isEmpty={(d) => d.data.length === 0} empty={t('keys.empty')}>
          {(data) => (
            <Card withBorder p={0} className="table-scroll">
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('keys.name')}</Table.Th>
                    <Table.Th>{t('keys.prefix')}</Table.Th>
                    <Table.Th>{t('keys.created')}</Table.Th>
                    <Table.Th>{t('keys.lastUsed')}</Table.Th>
                    <Table.Th>
                      <span className="sr-only">{t('team.actions')}</span>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.data.map((k) => (
                    <Table.Tr key={k.id}>
                      <Table.Td>{k.name || '—'}</Table.Td>
                      <Table.Td>
                        <Code>{k.prefix}…</Code>
                      </Table.Td>
                      <Table.Td>{dateTime(k.createdAt)}</Table.Td>
                      <Table.Td>{k.lastUsedAt ? dateTime(k.lastUsedAt) : '—'}</Table.Td>
                      <Table.Td>
                        {k.revokedAt ? (
                          <StatusBadge status="revoked" />
                        ) : (
                          <Button
                            size="xs"
                            color="red"
                            variant="light"
                            onClick={() => revoke.mutate(k.id)}
                            aria-label={t('keys.revokeOf', { name: k.name || k.prefix })}
                          >
                            {t('keys.revoke')}
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

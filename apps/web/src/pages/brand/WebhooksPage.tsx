/**
 * Outbound webhooks of the selected brand: endpoints with their events, the signing secret shown
 * once (on creation and rotation), and each endpoint's delivery log with redelivery.
 */
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Code,
  Group,
  Modal,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { CursorList, useCursorList } from '../../components/CursorList';
import { PageHeader } from '../../components/PageHeader';
import { QueryView } from '../../components/QueryView';
import { StatusBadge } from '../../components/StatusBadge';
import { fieldErrorsOf, useAction } from '../../hooks/useAction';
import { useBrand } from '../../hooks/useBrand';
import { useI18n, type MessageKey } from '../../i18n/i18n';

type Endpoint = Schemas['WebhookEndpointResponse'];
type EventType = Schemas['CreateWebhookEndpointDto']['events'][number];
const EVENTS: EventType[] = [
  'claim.created',
  'claim.redeemed',
  'claim.cancelled',
  'claim.expired',
  'claim.content_submitted',
  'campaign.approved',
  'campaign.rejected',
  'campaign.changes_requested',
  'campaign.removed',
  'campaign.sold_out',
  'campaign.ended',
];

function Deliveries({ brandId, endpoint }: { brandId: string; endpoint: Endpoint }) {
  const { t, dateTime } = useI18n();
  const id = endpoint.id;
  const list = useCursorList(['webhook-deliveries', id], (cursor) =>
    call(
      api.GET('/v1/brands/{brandId}/webhook-endpoints/{id}/deliveries', {
        params: { path: { brandId, id }, query: { cursor } },
      }),
    ),
  );
  const redeliver = useAction(
    (deliveryId: string) =>
      call(
        api.POST('/v1/brands/{brandId}/webhook-endpoints/{id}/deliveries/{deliveryId}/redeliver', {
          params: { path: { brandId, id, deliveryId } },
        }),
      ),
    { success: 'hooks.redelivered', invalidate: [['webhook-deliveries', id]] },
  );
  return (
    <CursorList list={list} empty={t('hooks.noDeliveries')}>
      {(items) => (
        <div className="table-scroll">
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('hooks.event')}</Table.Th>
                <Table.Th>{t('hooks.status')}</Table.Th>
                <Table.Th>{t('hooks.attempts')}</Table.Th>
                <Table.Th>{t('hooks.lastStatus')}</Table.Th>
                <Table.Th>{t('hooks.created')}</Table.Th>
                <Table.Th>
                  <span className="sr-only">{t('team.actions')}</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td>
                    <Code>{d.eventType}</Code>
                  </Table.Td>
                  <Table.Td>{t(`hooks.delivery.${d.status}` as MessageKey)}</Table.Td>
                  <Table.Td>{d.attempts}</Table.Td>
                  <Table.Td>{d.lastStatusCode ?? d.lastError ?? '—'}</Table.Td>
                  <Table.Td>{dateTime(d.createdAt)}</Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="light"
                      onClick={() => redeliver.mutate(d.id)}
                      aria-label={t('hooks.redeliverOf', { id: d.eventId })}
                    >
                      {t('hooks.redeliver')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
    </CursorList>
  );
}

export function WebhooksPage() {
  const { t, dateTime } = useI18n();
  const { brand } = useBrand();
  const brandId = brand?.id ?? '';
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<string[]>(['claim.created', 'claim.redeemed']);
  const [secret, setSecret] = useState<string>();
  const [open, setOpen] = useState<Endpoint>();
  const endpoints = useQuery({
    queryKey: ['webhook-endpoints', brandId],
    queryFn: () => call(api.GET('/v1/brands/{brandId}/webhook-endpoints', { params: { path: { brandId } } })),
    enabled: brandId !== '',
  });
  const create = useAction(
    (body: Schemas['CreateWebhookEndpointDto']) =>
      call(api.POST('/v1/brands/{brandId}/webhook-endpoints', { params: { path: { brandId } }, body })),
    {
      quiet: true,
      invalidate: [['webhook-endpoints']],
      onSuccess: (created) => {
        setSecret(created.secret);
        setUrl('');
        setDescription('');
      },
    },
  );
  const remove = useAction(
    (id: string) =>
      call(api.DELETE('/v1/brands/{brandId}/webhook-endpoints/{id}', { params: { path: { brandId, id } } })),
    { success: 'hooks.deleted', invalidate: [['webhook-endpoints']] },
  );
  const rotate = useAction(
    (id: string) =>
      call(
        api.POST('/v1/brands/{brandId}/webhook-endpoints/{id}/rotate-secret', {
          params: { path: { brandId, id } },
          body: { overlapSeconds: 86_400 },
        }),
      ),
    { success: 'hooks.rotated', invalidate: [['webhook-endpoints']], onSuccess: (r) => setSecret(r.secret) },
  );
  const enable = useAction(
    (id: string) =>
      call(
        api.PATCH('/v1/brands/{brandId}/webhook-endpoints/{id}', {
          params: { path: { brandId, id } },
          body: { enabled: true },
        }),
      ),
    { success: 'hooks.enabled', invalidate: [['webhook-endpoints']] },
  );
  const fields = fieldErrorsOf(create.error);
  return (
    <>
      <PageHeader title={t('hooks.title')} subtitle={t('hooks.subtitle')} />
      <Stack>
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">
            {t('hooks.create')}
          </Title>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              create.mutate({ url, events: events as EventType[], description: description || undefined });
            }}
          >
            <Stack>
              <TextInput
                label={t('hooks.url')}
                type="url"
                required
                placeholder="https://hotel.example.com/perkrank/webhooks"
                value={url}
                onChange={(e) => setUrl(e.currentTarget.value)}
                error={fields.url}
              />
              <TextInput
                label={t('hooks.description')}
                value={description}
                onChange={(e) => setDescription(e.currentTarget.value)}
                error={fields.description}
              />
              <Checkbox.Group
                label={t('hooks.events')}
                value={events}
                onChange={setEvents}
                error={fields.events}
              >
                <Group gap="md" mt="xs">
                  {EVENTS.map((e) => (
                    <Checkbox key={e} value={e} label={e} />
                  ))}
                </Group>
              </Checkbox.Group>
              <Group>
                <Button type="submit" loading={create.isPending} disabled={events.length === 0}>
                  {t('hooks.createButton')}
                </Button>
              </Group>
            </Stack>
          </form>
          {secret && (
            <Alert color="green" mt="md" title={t('hooks.secretOnce')} role="status">
              <Code block>{secret}</Code>
            </Alert>
          )}
        </Card>
        <QueryView query={endpoints} isEmpty={(d) => d.length === 0} empty={t('hooks.empty')}>
          {(data) => (
            <Stack>
              {data.map((ep) => (
                <Card withBorder key={ep.id}>
                  <Group justify="space-between" align="flex-start">
                    <div>
                      <Group gap="xs">
                        <Text fw={600} style={{ wordBreak: 'break-all' }}>
                          {ep.url}
                        </Text>
                        <StatusBadge status={ep.status} />
                      </Group>
                      {ep.description && (
                        <Text size="sm" c="dimmed">
                          {ep.description}
                        </Text>
                      )}
                      <Text size="sm">{ep.events.join(', ')}</Text>
                      {ep.disabledReason && (
                        <Text size="sm" c="red">
                          {ep.disabledReason}
                        </Text>
                      )}
                      <Text size="xs" c="dimmed">
                        {t('hooks.created')}: {dateTime(ep.createdAt)}
                      </Text>
                    </div>
                    <Group gap="xs">
                      {ep.status === 'disabled' && (
                        <Button size="xs" variant="light" onClick={() => enable.mutate(ep.id)}>
                          {t('hooks.enable')}
                        </Button>
                      )}
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() => setOpen(ep)}
                        aria-label={t('hooks.deliveriesOf', { url: ep.url })}
                      >
                        {t('hooks.deliveries')}
                      </Button>
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() => rotate.mutate(ep.id)}
                        aria-label={t('hooks.rotateOf', { url: ep.url })}
                      >
                        {t('hooks.rotate')}
                      </Button>
                      <Button
                        size="xs"
                        color="red"
                        variant="light"
                        onClick={() => remove.mutate(ep.id)}
                        aria-label={t('hooks.deleteOf', { url: ep.url })}
                      >
                        {t('hooks.delete')}
                      </Button>
                    </Group>
                  </Group>
                </Card>
              ))}
            </Stack>
          )}
        </QueryView>
      </Stack>
      <Modal
        opened={open !== undefined}
        onClose={() => setOpen(undefined)}
        title={open ? t('hooks.deliveriesOf', { url: open.url }) : ''}
        size="xl"
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        {open && <Deliveries brandId={brandId} endpoint={open} />}
      </Modal>
    </>
  );
}

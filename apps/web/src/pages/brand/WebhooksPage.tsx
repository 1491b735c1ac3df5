/**
 * Outbound webhooks of the selected brand: endpoints with their events, the signing secret shown
 * once (on creation and rotation), and each endpoint's delivery log with redelivery.
 */
import { Card, Checkbox, Code, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { webhookEventTypeValues as EVENTS } from '../../api/schema';
import { useCursorList } from '../../components/CursorList';
import { CursorTable, type Column } from '../../components/CursorTable';
import { SecretOnceForm } from '../../components/FormCard';
import { RowAction } from '../../components/RowAction';
import { PageHeader } from '../../components/PageHeader';
import { QueryView } from '../../components/QueryView';
import { StatusBadge } from '../../components/StatusBadge';
import { fieldErrorsOf, useAction } from '../../hooks/useAction';
import { useBrand } from '../../hooks/useBrand';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { bindText } from '../../components/fields';

type Endpoint = Schemas['WebhookEndpointResponse'];
type Delivery = Schemas['WebhookDeliveryResponse'];
type EventType = Schemas['WebhookEventType'];

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
  const columns: Column<Delivery>[] = [
    { header: t('hooks.event'), cell: (d) => <Code>{d.eventType}</Code> },
    { header: t('hooks.status'), cell: (d) => t(`hooks.delivery.${d.status}` as MessageKey) },
    { header: t('hooks.attempts'), cell: (d) => d.attempts },
    { header: t('hooks.lastStatus'), cell: (d) => d.lastStatusCode ?? d.lastError ?? '—' },
    { header: t('hooks.created'), cell: (d) => dateTime(d.createdAt) },
  ];
  const actions = (d: Delivery) => (
    <RowAction
      label={t('hooks.redeliver')}
      name={t('hooks.redeliverOf', { id: d.eventId })}
      onClick={() => redeliver.mutate(d.id)}
      tone="primary"
    />
  );
  return <CursorTable bare list={list} actions={actions} columns={columns} empty={t('hooks.noDeliveries')} />;
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
        <SecretOnceForm
          title={t('hooks.create')}
          submitLabel={t('hooks.createButton')}
          busy={create.isPending}
          disabled={events.length === 0}
          layout="stacked"
          onSubmit={() =>
            create.mutate({ url, events: events as EventType[], description: description || undefined })
          }
          secretTitle={t('hooks.secretOnce')}
          secret={secret}
        >
          <TextInput
            label={t('hooks.url')}
            type="url"
            required
            placeholder="https://hotel.example.com/perkrank/webhooks"
            {...bindText(url, setUrl, fields.url)}
          />
          <TextInput
            label={t('hooks.description')}
            {...bindText(description, setDescription, fields.description)}
          />
          <Checkbox.Group label={t('hooks.events')} value={events} onChange={setEvents} error={fields.events}>
            <Group gap="md" mt="xs">
              {EVENTS.map((e) => (
                <Checkbox key={e} value={e} label={e} />
              ))}
            </Group>
          </Checkbox.Group>
        </SecretOnceForm>
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
                        <RowAction
                          label={t('hooks.enable')}
                          onClick={() => enable.mutate(ep.id)}
                          tone="primary"
                        />
                      )}
                      <RowAction
                        label={t('hooks.deliveries')}
                        name={t('hooks.deliveriesOf', { url: ep.url })}
                        onClick={() => setOpen(ep)}
                      />
                      <RowAction
                        label={t('hooks.rotate')}
                        name={t('hooks.rotateOf', { url: ep.url })}
                        onClick={() => rotate.mutate(ep.id)}
                      />
                      <RowAction
                        label={t('hooks.delete')}
                        name={t('hooks.deleteOf', { url: ep.url })}
                        onClick={() => remove.mutate(ep.id)}
                        tone="danger"
                      />
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

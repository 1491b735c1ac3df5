import { Alert, Anchor, Button, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, call } from '../../api/client';
import { ApiError } from '../../api/errors';
import { PageHeader } from '../../components/PageHeader';
import { QueryView } from '../../components/QueryView';
import { ReasonDialog } from '../../components/ReasonDialog';
import { StatusBadge } from '../../components/StatusBadge';
import { useAction } from '../../hooks/useAction';
import { useI18n, type MessageKey } from '../../i18n/i18n';

type Decision = 'approve' | 'reject' | 'request-changes' | 'remove';

/** Per decision: the button, the dialog's field and whether the API requires it, and the body key. */
const DECISIONS: Record<
  Decision,
  { label: MessageKey; field: MessageKey; required: boolean; key: 'note' | 'reason' | 'notes'; color: string }
> = {
  approve: { label: 'review.approve', field: 'review.note', required: false, key: 'note', color: 'green' },
  'request-changes': {
    label: 'review.requestChanges',
    field: 'review.notes',
    required: true,
    key: 'notes',
    color: 'orange',
  },
  reject: { label: 'review.reject', field: 'review.reason', required: true, key: 'reason', color: 'red' },
  remove: { label: 'review.remove', field: 'review.reason', required: true, key: 'reason', color: 'red' },
};

export function ReviewPage() {
  const { t, dateTime, money } = useI18n();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const [open, setOpen] = useState<Decision>();
  const campaign = useQuery({
    queryKey: ['moderation', 'campaign', id],
    queryFn: () => call(api.GET('/v1/admin/campaigns/{id}', { params: { path: { id } } })),
  });
  const decide = useAction(
    ({ decision, text }: { decision: Decision; text: string }) => {
      const path = { params: { path: { id } } };
      const body = text ? { [DECISIONS[decision].key]: text } : {};
      switch (decision) {
        case 'approve':
          return call(api.POST('/v1/admin/campaigns/{id}/approve', { ...path, body }));
        case 'reject':
          return call(
            api.POST('/v1/admin/campaigns/{id}/reject', { ...path, body: body as { reason: string } }),
          );
        case 'request-changes':
          return call(
            api.POST('/v1/admin/campaigns/{id}/request-changes', {
              ...path,
              body: body as { notes: string },
            }),
          );
        case 'remove':
          return call(
            api.POST('/v1/admin/campaigns/{id}/remove', { ...path, body: body as { reason: string } }),
          );
      }
    },
    {
      success: 'review.done',
      invalidate: [['moderation']],
      onSuccess: () => {
        setOpen(undefined);
        void navigate('/admin/moderation');
      },
    },
  );
  return (
    <QueryView query={campaign}>
      {(c) => (
        <Stack>
          <Anchor component={Link} to="/admin/moderation" size="sm">
            ← {t('common.back')}
          </Anchor>
          <PageHeader title={c.title} subtitle={c.brand.name} actions={<StatusBadge status={c.status} />} />
          {c.flags.length > 0 && (
            <Alert color="orange" title={t('review.flags')}>
              <List size="sm">
                {c.flags.map((f) => (
                  <List.Item key={f.code}>{f.message}</List.Item>
                ))}
              </List>
            </Alert>
          )}
          <Card withBorder>
            <Stack gap="xs">
              <Text>{c.description}</Text>
              <Title order={2} size="h5">
                {t('perk.terms')}
              </Title>
              <Text size="sm">{c.perk.terms}</Text>
              <List size="sm">
                <List.Item>{t(`perkType.${c.perk.type}` as MessageKey)}</List.Item>
                {c.perk.valueMinor != null && c.perk.currency && (
                  <List.Item>
                    {t('perk.value', { value: money(c.perk.valueMinor, c.perk.currency) })}
                  </List.Item>
                )}
                <List.Item>{t('perk.minScore', { score: c.eligibility.minScore })}</List.Item>
                <List.Item>
                  {t('review.stock', { total: c.inventory.total, perUser: c.inventory.perUser })}
                </List.Item>
                {c.schedule.startsAt && c.schedule.endsAt && (
                  <List.Item>
                    {t('review.window', {
                      from: dateTime(c.schedule.startsAt),
                      to: dateTime(c.schedule.endsAt),
                    })}
                  </List.Item>
                )}
                <List.Item>{t('review.brandSince', { date: dateTime(c.brand.createdAt) })}</List.Item>
              </List>
            </Stack>
          </Card>
          <Group>
            {(Object.keys(DECISIONS) as Decision[]).map((d) => (
              <Button
                key={d}
                color={DECISIONS[d].color}
                variant={d === 'approve' ? 'filled' : 'light'}
                onClick={() => setOpen(d)}
              >
                {t(DECISIONS[d].label)}
              </Button>
            ))}
          </Group>
          {open && (
            <ReasonDialog
              opened
              title={t(DECISIONS[open].label)}
              label={t(DECISIONS[open].field)}
              confirmLabel={t('review.confirm', { action: t(DECISIONS[open].label) })}
              required={DECISIONS[open].required}
              color={DECISIONS[open].color}
              busy={decide.isPending}
              error={decide.error instanceof ApiError ? decide.error.message : undefined}
              onClose={() => setOpen(undefined)}
              onConfirm={(text) => decide.mutate({ decision: open, text })}
            />
          )}
        </Stack>
      )}
    </QueryView>
  );
}

import { Badge, Group, NativeSelect, Stack } from '@mantine/core';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { CursorList, useCursorList } from '../../components/CursorList';
import { LinkCard } from '../../components/LinkCard';
import { PageHeader } from '../../components/PageHeader';
import { useI18n } from '../../i18n/i18n';

type Status = NonNullable<Schemas['AdminCampaignResponse']['status']>;
const STATUSES: Status[] = [
  'pending_review',
  'approved',
  'changes_requested',
  'rejected',
  'paused',
  'ended',
  'removed',
  'draft',
];

export function ModerationPage() {
  const { t, dateTime } = useI18n();
  const [status, setStatus] = useState<Status>('pending_review');
  const queue = useCursorList(['moderation', status], (cursor) =>
    call(api.GET('/v1/admin/campaigns', { params: { query: { status, cursor, limit: 50 } } })),
  );
  return (
    <>
      <PageHeader title={t('moderation.title')} subtitle={t('moderation.subtitle')} />
      <NativeSelect
        label={t('moderation.status')}
        mb="md"
        maw={260}
        value={status}
        data={STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
        onChange={(e) => setStatus(e.currentTarget.value as Status)}
      />
      <CursorList list={queue} empty={t('moderation.empty')}>
        {(items) => (
          <Stack gap="xs">
            {items.map((c) => (
              <LinkCard
                key={c.id}
                to={`/admin/moderation/${c.id}`}
                label={t('moderation.reviewOf', { title: c.title })}
                title={c.title}
                meta={`${c.brand.name} · ${c.submittedAt ? dateTime(c.submittedAt) : '—'}`}
                status={c.status}
              >
                <Group gap={4}>
                  {c.flags.map((f) => (
                    <Badge key={f.code} color="orange" variant="light">
                      {t(`flag.${f.code}`)}
                    </Badge>
                  ))}
                </Group>
              </LinkCard>
            ))}
          </Stack>
        )}
      </CursorList>
    </>
  );
}

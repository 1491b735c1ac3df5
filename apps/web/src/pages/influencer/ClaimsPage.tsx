import { Card, Group, SegmentedControl, Stack, Text, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, call } from '../../api/client';
import { CursorList, useCursorList } from '../../components/CursorList';
import { PageHeader } from '../../components/PageHeader';
import { StatusBadge } from '../../components/StatusBadge';
import { useI18n } from '../../i18n/i18n';

const FILTERS = ['all', 'reserved', 'redeemed', 'expired', 'cancelled'] as const;

export function ClaimsPage() {
  const { t, dateTime } = useI18n();
  const [filter, setFilter] = useState<(typeof FILTERS)[number]>('all');
  const claims = useCursorList(['claims'], (cursor) =>
    call(api.GET('/v1/me/claims', { params: { query: { cursor, limit: 50 } } })),
  );
  return (
    <>
      <PageHeader title={t('claims.title')} />
      <SegmentedControl
        mb="md"
        aria-label={t('claims.filter')}
        value={filter}
        onChange={(v) => setFilter(v)}
        data={FILTERS.map((f) => ({ value: f, label: f === 'all' ? t('claims.all') : t(`status.${f}`) }))}
        fullWidth
      />
      <CursorList list={claims} empty={t('claims.empty')}>
        {(items) => {
          const shown = filter === 'all' ? items : items.filter((c) => c.status === filter);
          return shown.length === 0 ? (
            <Text c="dimmed" ta="center">
              {t('claims.emptyFilter')}
            </Text>
          ) : (
            <Stack gap="xs">
              {shown.map((claim) => (
                <UnstyledButton key={claim.id} component={Link} to={`/claims/${claim.id}`}>
                  <Card withBorder>
                    <Group justify="space-between" wrap="nowrap">
                      <Stack gap={0}>
                        <Text fw={600}>{claim.perk.title}</Text>
                        <Text size="sm" c="dimmed">
                          {claim.brand.name} · {dateTime(claim.reservedAt)}
                        </Text>
                      </Stack>
                      <StatusBadge status={claim.status} />
                    </Group>
                  </Card>
                </UnstyledButton>
              ))}
            </Stack>
          );
        }}
      </CursorList>
    </>
  );
}

import { SegmentedControl, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { CursorList, useCursorList } from '../../components/CursorList';
import { LinkCard } from '../../components/LinkCard';
import { PageHeader } from '../../components/PageHeader';
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
                <LinkCard
                  key={claim.id}
                  to={`/claims/${claim.id}`}
                  title={claim.perk.title}
                  meta={`${claim.brand.name} · ${dateTime(claim.reservedAt)}`}
                  status={claim.status}
                />
              ))}
            </Stack>
          );
        }}
      </CursorList>
    </>
  );
}

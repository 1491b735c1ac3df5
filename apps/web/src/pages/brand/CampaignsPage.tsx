import { Button, Group, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { useCursorList } from '../../components/CursorList';
import { CursorTable, type Column } from '../../components/CursorTable';
import { PageHeader } from '../../components/PageHeader';
import { StatusBadge } from '../../components/StatusBadge';
import { useBrand } from '../../hooks/useBrand';
import { useI18n } from '../../i18n/i18n';

type Campaign = Schemas['CampaignResponse'];

export function CampaignsPage() {
  const { t, date } = useI18n();
  const { brand } = useBrand();
  const brandId = brand?.id ?? '';
  const campaigns = useCursorList(['campaigns', brandId], (cursor) =>
    call(
      api.GET('/v1/brands/{brandId}/campaigns', {
        params: { path: { brandId }, query: { cursor, limit: 50 } },
      }),
    ),
  );
  const columns: Column<Campaign>[] = [
    { header: t('field.title'), cell: (c) => <Link to={`/brand/campaigns/${c.id}`}>{c.title}</Link> },
    {
      header: t('campaigns.status'),
      cell: (c) => (
        <Group gap={4}>
          <StatusBadge status={c.status} />
          {c.funding.status !== 'not_required' && <StatusBadge status={c.funding.status} />}
        </Group>
      ),
    },
    { header: t('campaigns.stock'), cell: (c) => `${c.inventory.remaining} / ${c.inventory.total}` },
    { header: t('campaigns.ends'), cell: (c) => (c.schedule.endsAt ? date(c.schedule.endsAt) : '—') },
  ];
  return (
    <>
      <PageHeader
        title={t('campaigns.title')}
        subtitle={brand?.name}
        actions={
          <Button component={Link} to="/brand/campaigns/new">
            {t('campaigns.new')}
          </Button>
        }
      />
      <CursorTable list={campaigns} columns={columns} empty={t('campaigns.empty')} striped highlightOnHover />
      <Stack mt="md">
        <Text size="xs" c="dimmed">
          {t('campaigns.hint')}
        </Text>
      </Stack>
    </>
  );
}

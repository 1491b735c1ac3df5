import { Button, Card, Group, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { api, call } from '../../api/client';
import { CursorList, useCursorList } from '../../components/CursorList';
import { PageHeader } from '../../components/PageHeader';
import { StatusBadge } from '../../components/StatusBadge';
import { useBrand } from '../../hooks/useBrand';
import { useI18n } from '../../i18n/i18n';

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
      <CursorList list={campaigns} empty={t('campaigns.empty')}>
        {(items) => (
          <Card withBorder p={0} className="table-scroll">
            <Table striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('field.title')}</Table.Th>
                  <Table.Th>{t('campaigns.status')}</Table.Th>
                  <Table.Th>{t('campaigns.stock')}</Table.Th>
                  <Table.Th>{t('campaigns.ends')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td>
                      <Link to={`/brand/campaigns/${c.id}`}>{c.title}</Link>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        <StatusBadge status={c.status} />
                        {c.funding.status !== 'not_required' && <StatusBadge status={c.funding.status} />}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      {c.inventory.remaining} / {c.inventory.total}
                    </Table.Td>
                    <Table.Td>{c.schedule.endsAt ? date(c.schedule.endsAt) : '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
        )}
      </CursorList>
      <Stack mt="md">
        <Text size="xs" c="dimmed">
          {t('campaigns.hint')}
        </Text>
      </Stack>
    </>
  );
}

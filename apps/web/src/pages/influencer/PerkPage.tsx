import { Anchor, Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api, call } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { ClaimButton, PerkFacts } from '../../components/perks';
import { QueryView } from '../../components/QueryView';
import { useI18n, type MessageKey } from '../../i18n/i18n';

export function PerkPage() {
  const { t, dateTime } = useI18n();
  const { id = '' } = useParams();
  const perk = useQuery({
    queryKey: ['perks', id],
    queryFn: () => call(api.GET('/v1/perks/{id}', { params: { path: { id } } })),
  });
  return (
    <QueryView query={perk}>
      {(data) => {
        const location = data.location as { venueName?: string; city?: string; address?: string } | null;
        return (
          <Stack>
            <Anchor component={Link} to="/perks" size="sm">
              ← {t('common.back')}
            </Anchor>
            <PageHeader title={data.title} subtitle={data.brand.name} />
            <div className="grid-2">
              <Card withBorder>
                <Stack gap="sm">
                  <Group gap={4}>
                    <Badge variant="light">{t(`perkType.${data.perk.type}` as MessageKey)}</Badge>
                    {data.disclosureRequired && <Badge variant="outline">{t('perk.disclosure')}</Badge>}
                  </Group>
                  <Text>{data.description}</Text>
                  <Title order={2} size="h5">
                    {t('perk.terms')}
                  </Title>
                  <Text size="sm">{data.perk.terms}</Text>
                  {location?.venueName && (
                    <>
                      <Title order={2} size="h5">
                        {t('perk.venue')}
                      </Title>
                      <Text size="sm">
                        {[location.venueName, location.address, location.city].filter(Boolean).join(', ')}
                      </Text>
                    </>
                  )}
                  <Title order={2} size="h5">
                    {t('perk.window')}
                  </Title>
                  <Text size="sm">
                    {t('perk.windowText', {
                      from: dateTime(data.startsAt),
                      to: dateTime(data.endsAt),
                      hours: data.claimTtlHours,
                    })}
                  </Text>
                </Stack>
              </Card>
              <Card withBorder>
                <Stack>
                  <PerkFacts perk={data} />
                  <ClaimButton
                    perk={{ ...data, eligible: data.eligibility.eligible, reasons: data.eligibility.reasons }}
                  />
                </Stack>
              </Card>
            </div>
          </Stack>
        );
      }}
    </QueryView>
  );
}

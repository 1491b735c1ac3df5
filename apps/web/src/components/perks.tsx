/** A perk as a card, and the Claim action shared by the feed and the perk page. */
import { Badge, Button, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { useId } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, call, idempotencyKey, type Schemas } from '../api/client';
import { useAction } from '../hooks/useAction';
import { useI18n, type MessageKey } from '../i18n/i18n';

type Perk = Schemas['PerkResponse'];

export function useClaimPerk() {
  const navigate = useNavigate();
  return useAction(
    (perkId: string) =>
      call(
        api.POST('/v1/perks/{id}/claims', {
          params: { path: { id: perkId } },
          headers: { 'Idempotency-Key': idempotencyKey() },
        }),
      ),
    {
      success: 'perk.claimed',
      invalidate: [['perks'], ['claims']],
      onSuccess: (claim) => void navigate(`/claims/${claim.id}`),
    },
  );
}

export function ClaimButton({
  perk,
}: {
  perk: Pick<Perk, 'id' | 'eligible' | 'reasons' | 'remaining' | 'title'>;
}) {
  const { t } = useI18n();
  const claim = useClaimPerk();
  const reasonId = useId();
  const soldOut = perk.remaining <= 0;
  const locked = !perk.eligible || soldOut;
  return (
    <Stack gap={4}>
      <Button
        disabled={locked}
        loading={claim.isPending}
        aria-describedby={locked ? reasonId : undefined}
        onClick={() => claim.mutate(perk.id)}
      >
        {t('perk.claim')}
      </Button>
      {locked && (
        <Text id={reasonId} size="xs" c="dimmed">
          {soldOut ? t('perk.soldOut') : perk.reasons.join(' ')}
        </Text>
      )}
    </Stack>
  );
}

export function PerkFacts({ perk }: { perk: Perk }) {
  const { t, date, money } = useI18n();
  const location = perk.location as { venueName?: string; city?: string } | null;
  return (
    <List size="sm" spacing={2}>
      <List.Item>{t('perk.minScore', { score: perk.minScore })}</List.Item>
      <List.Item>{t('perk.remaining', { count: perk.remaining })}</List.Item>
      <List.Item>{t('perk.until', { date: date(perk.endsAt) })}</List.Item>
      {location?.venueName && (
        <List.Item>{[location.venueName, location.city].filter(Boolean).join(', ')}</List.Item>
      )}
      {perk.perk.valueMinor != null && perk.perk.currency && (
        <List.Item>{t('perk.value', { value: money(perk.perk.valueMinor, perk.perk.currency) })}</List.Item>
      )}
    </List>
  );
}

export function PerkCard({ perk }: { perk: Perk }) {
  const { t } = useI18n();
  return (
    <Card withBorder component="article" aria-labelledby={`perk-${perk.id}`}>
      <Stack gap="xs" h="100%">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Badge variant="light">{t(`perkType.${perk.perk.type}` as MessageKey)}</Badge>
          {!perk.eligible && (
            <Badge color="gray" variant="light">
              {t('perk.locked')}
            </Badge>
          )}
        </Group>
        <Title order={2} size="h4" id={`perk-${perk.id}`}>
          {perk.title}
        </Title>
        <Text size="sm" c="dimmed">
          {perk.brand.name}
        </Text>
        <PerkFacts perk={perk} />
        <div style={{ marginTop: 'auto' }}>
          <Group grow align="flex-start">
            <Button
              component={Link}
              to={`/perks/${perk.id}`}
              variant="default"
              aria-label={t('perk.detailsOf', { title: perk.title })}
            >
              {t('perk.details')}
            </Button>
            <ClaimButton perk={perk} />
          </Group>
        </div>
      </Stack>
    </Card>
  );
}

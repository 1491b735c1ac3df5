import { Alert, Anchor, Button, Card, FileInput, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, call, idempotencyKey, type Schemas } from '../../api/client';
import { CursorList, useCursorList } from '../../components/CursorList';
import { DataTable, TableFrame, type Column } from '../../components/CursorTable';
import { LazyChart } from '../../components/LazyChart';
import { PageHeader } from '../../components/PageHeader';
import { QueryView } from '../../components/QueryView';
import { StatusBadge } from '../../components/StatusBadge';
import { useAction } from '../../hooks/useAction';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { bindText } from '../../components/fields';
import { SectionCard } from '../../components/SectionCard';

type Campaign = Schemas['CampaignResponse'];
type Claim = Schemas['CampaignClaimResponse'];

const STATS = [
  'total',
  'remaining',
  'claimed',
  'redeemed',
  'expired',
  'cancelled',
  'contentSubmitted',
] as const;

function Actions({ campaign }: { campaign: Campaign }) {
  const { t } = useI18n();
  const path = { params: { path: { id: campaign.id } } };
  const options = { invalidate: [['campaigns']] };
  const pause = useAction(() => call(api.POST('/v1/campaigns/{id}/pause', path)), {
    ...options,
    success: 'campaign.paused',
  });
  const resume = useAction(() => call(api.POST('/v1/campaigns/{id}/resume', path)), {
    ...options,
    success: 'campaign.resumed',
  });
  const end = useAction(() => call(api.POST('/v1/campaigns/{id}/end', path)), {
    ...options,
    success: 'campaign.ended',
  });
  const submit = useAction(() => call(api.POST('/v1/campaigns/{id}/submit', path)), {
    ...options,
    success: 'editor.submitted',
  });
  const checkout = useAction(
    () =>
      call(
        api.POST('/v1/campaigns/{id}/checkout', {
          ...path,
          headers: { 'Idempotency-Key': idempotencyKey() },
        }),
      ),
    { onSuccess: (session) => window.location.assign(session.checkoutUrl) },
  );
  const editable = campaign.status === 'draft' || campaign.status === 'changes_requested';
  const live = campaign.status === 'approved';
  return (
    <Group gap="xs">
      {editable && (
        <>
          <Button variant="default" component={Link} to={`/brand/campaigns/${campaign.id}/edit`}>
            {t('campaign.edit')}
          </Button>
          <Button loading={submit.isPending} onClick={() => submit.mutate(undefined)}>
            {t('editor.submit')}
          </Button>
        </>
      )}
      {campaign.funding.status === 'unfunded' && (
        <Button color="green" loading={checkout.isPending} onClick={() => checkout.mutate(undefined)}>
          {t('campaign.pay')}
        </Button>
      )}
      {live && (
        <Button variant="default" loading={pause.isPending} onClick={() => pause.mutate(undefined)}>
          {t('campaign.pause')}
        </Button>
      )}
      {campaign.status === 'paused' && (
        <Button variant="default" loading={resume.isPending} onClick={() => resume.mutate(undefined)}>
          {t('campaign.resume')}
        </Button>
      )}
      {(live || campaign.status === 'paused') && (
        <Button color="red" variant="light" loading={end.isPending} onClick={() => end.mutate(undefined)}>
          {t('campaign.end')}
        </Button>
      )}
    </Group>
  );
}

/** Pool codes from a pasted list or a CSV/text file: one code per line or comma-separated. */
function PoolCodes({ campaign }: { campaign: Campaign }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const upload = useAction(
    (codes: string[]) =>
      call(api.POST('/v1/campaigns/{id}/codes', { params: { path: { id: campaign.id } }, body: { codes } })),
    {
      invalidate: [['campaigns']],
      onSuccess: () => setText(''),
    },
  );
  const codes = text
    .split(/[\s,;]+/)
    .map((c) => c.trim().replace(/^"|"$/g, ''))
    .filter(Boolean);
  return (
    <SectionCard
      title={t('pool.title')}
      text={t('pool.size', { size: campaign.codes.poolSize ?? 0, total: campaign.inventory.total })}
    >
      <Stack gap="sm">
        <Textarea label={t('pool.paste')} autosize minRows={3} {...bindText(text, setText)} />
        <FileInput
          label={t('pool.file')}
          accept=".csv,.txt,text/csv,text/plain"
          onChange={(file) =>
            void file?.text().then((content) => setText((prev) => `${prev}\n${content}`.trim()))
          }
        />
        {upload.data && (
          <Alert color="green" role="status">
            {t('pool.result', upload.data)}
          </Alert>
        )}
        <Group>
          <Button
            disabled={codes.length === 0}
            loading={upload.isPending}
            onClick={() => upload.mutate(codes)}
          >
            {t('pool.upload', { count: codes.length })}
          </Button>
        </Group>
      </Stack>
    </SectionCard>
  );
}

function ClaimsChart({ claims }: { claims: Claim[] }) {
  const { t, date } = useI18n();
  const days = new Map<string, { claimed: number; redeemed: number }>();
  const bump = (iso: string | null | undefined, key: 'claimed' | 'redeemed') => {
    if (!iso) return;
    const day = iso.slice(0, 10);
    const entry = days.get(day) ?? { claimed: 0, redeemed: 0 };
    entry[key] += 1;
    days.set(day, entry);
  };
  for (const c of claims) {
    bump(c.reservedAt, 'claimed');
    bump(c.redeemedAt, 'redeemed');
  }
  const data = [...days.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, v]) => ({ day: date(day), ...v }));
  if (data.length === 0) return <Text c="dimmed">{t('campaign.noClaims')}</Text>;
  return (
    <LazyChart
      kind="bar"
      label={t('campaign.chart')}
      data={data}
      dataKey="day"
      series={[
        { name: 'claimed', label: t('stats.claimed'), color: 'violet.7' },
        { name: 'redeemed', label: t('stats.redeemed'), color: 'teal.8' },
      ]}
    />
  );
}

function ClaimsTable({ campaignId }: { campaignId: string }) {
  const { t, dateTime, number } = useI18n();
  const claims = useCursorList(['campaigns', campaignId, 'claims'], (cursor) =>
    call(
      api.GET('/v1/campaigns/{id}/claims', {
        params: { path: { id: campaignId }, query: { cursor, limit: 100 } },
      }),
    ),
  );
  const columns: Column<Claim>[] = [
    { header: t('campaign.member'), cell: (c) => c.member.displayName },
    { header: t('campaign.scoreAtClaim'), cell: (c) => number(c.scoreAtClaim, 1) },
    { header: t('campaigns.status'), cell: (c) => <StatusBadge status={c.status} /> },
    { header: t('campaign.claimedAt'), cell: (c) => dateTime(c.reservedAt) },
    {
      header: t('campaign.content'),
      cell: (c) => {
        const content = c.content as { url?: string } | null;
        return content?.url ? (
          <Anchor href={content.url} target="_blank" rel="noreferrer">
            {t('campaign.viewPost')}
          </Anchor>
        ) : (
          '—'
        );
      },
    },
  ];
  return (
    <CursorList list={claims} empty={t('campaign.noClaims')}>
      {(items) => (
        <Stack>
          <ClaimsChart claims={items} />
          <TableFrame bare>
            <DataTable columns={columns} rows={items} />
          </TableFrame>
        </Stack>
      )}
    </CursorList>
  );
}

export function CampaignPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const campaign = useQuery({
    queryKey: ['campaigns', id],
    queryFn: () => call(api.GET('/v1/campaigns/{id}', { params: { path: { id } } })),
  });
  const stats = useQuery({
    queryKey: ['campaigns', id, 'stats'],
    queryFn: () => call(api.GET('/v1/campaigns/{id}/stats', { params: { path: { id } } })),
  });
  return (
    <QueryView query={campaign}>
      {(c) => (
        <Stack>
          <Anchor component={Link} to="/brand/campaigns" size="sm">
            ← {t('common.back')}
          </Anchor>
          <PageHeader
            title={c.title}
            subtitle={
              <Group gap={4} component="span">
                <StatusBadge status={c.status} />
                <StatusBadge status={c.funding.status} />
              </Group>
            }
            actions={<Actions campaign={c} />}
          />
          {(c.moderation?.notes || c.moderation?.reason) && (
            <Alert color="orange" title={t('campaign.moderatorSays')}>
              {c.moderation.notes || c.moderation.reason}
            </Alert>
          )}
          <Card withBorder>
            <Title order={2} size="h4" mb="sm">
              {t('campaign.stats')}
            </Title>
            <QueryView query={stats}>
              {(s) => (
                <Group gap="xl">
                  {STATS.map((key) => (
                    <Stack key={key} gap={0}>
                      <Text size="xl" fw={700}>
                        {s[key]}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {t(`stats.${key}` as MessageKey)}
                      </Text>
                    </Stack>
                  ))}
                </Group>
              )}
            </QueryView>
          </Card>
          {c.codes.mode === 'pool' && (c.status === 'draft' || c.status === 'changes_requested') && (
            <PoolCodes campaign={c} />
          )}
          <Card withBorder>
            <Title order={2} size="h4" mb="sm">
              {t('campaign.claims')}
            </Title>
            <ClaimsTable campaignId={c.id} />
          </Card>
        </Stack>
      )}
    </QueryView>
  );
}

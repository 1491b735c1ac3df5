import { Alert, Anchor, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { QueryView } from '../../components/QueryView';
import { StatusBadge } from '../../components/StatusBadge';
import { fieldErrorsOf, useAction } from '../../hooks/useAction';
import { useI18n } from '../../i18n/i18n';
import { bindText } from '../../components/fields';

function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

function Countdown({ until }: { until: string }) {
  const { t } = useI18n();
  const left = Math.max(0, new Date(until).getTime() - useNow(1000));
  const h = Math.floor(left / 3_600_000);
  const m = Math.floor((left % 3_600_000) / 60_000);
  const s = Math.floor((left % 60_000) / 1000);
  return (
    <Text ta="center" size="sm" role="timer" aria-live="off">
      {left === 0
        ? t('claim.expiredNow')
        : t('claim.expiresIn', { h, m: String(m).padStart(2, '0'), s: String(s).padStart(2, '0') })}
    </Text>
  );
}

function ContentForm({ claim }: { claim: Schemas['MemberClaimDetailResponse'] }) {
  const { t, dateTime } = useI18n();
  const [url, setUrl] = useState('');
  const submit = useAction(
    (body: { url: string }) =>
      call(api.POST('/v1/me/claims/{id}/content', { params: { path: { id: claim.id } }, body })),
    { success: 'claim.contentSaved', invalidate: [['claims']], quiet: true },
  );
  const content = claim.content as { url?: string; submittedAt?: string } | null;
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="xs">
        {t('claim.contentTitle')}
      </Title>
      {claim.disclosureRequired && (
        <Alert color="yellow" mb="sm" title={t('claim.disclosureTitle')}>
          {claim.disclosure || t('claim.disclosureText')}
        </Alert>
      )}
      {content?.url ? (
        <Text size="sm">
          {t('claim.contentSubmitted', { date: dateTime(content.submittedAt ?? '') })}{' '}
          <Anchor href={content.url} target="_blank" rel="noreferrer">
            {content.url}
          </Anchor>
        </Text>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            submit.mutate({ url });
          }}
        >
          <Group align="flex-end">
            <TextInput
              label={t('claim.postUrl')}
              type="url"
              required
              {...bindText(url, setUrl, fieldErrorsOf(submit.error).url)}
              style={{ flex: 1, minWidth: '14rem' }}
            />
            <Button type="submit" loading={submit.isPending}>
              {t('claim.submitPost')}
            </Button>
          </Group>
        </form>
      )}
    </Card>
  );
}

export function ClaimPage() {
  const { t, dateTime } = useI18n();
  const { id = '' } = useParams();
  const claim = useQuery({
    queryKey: ['claims', id],
    queryFn: () => call(api.GET('/v1/me/claims/{id}', { params: { path: { id } } })),
  });
  const cancel = useAction(() => call(api.POST('/v1/me/claims/{id}/cancel', { params: { path: { id } } })), {
    success: 'claim.cancelled',
    invalidate: [['claims'], ['perks']],
  });
  return (
    <QueryView query={claim}>
      {(data) => (
        <Stack maw={560} mx="auto">
          <Anchor component={Link} to="/claims" size="sm">
            ← {t('common.back')}
          </Anchor>
          <PageHeader
            title={data.perk.title}
            subtitle={data.brand.name}
            actions={<StatusBadge status={data.status} />}
          />
          <Card withBorder>
            <Stack align="center" gap="sm">
              <Text size="sm" c="dimmed">
                {t('claim.showAtVenue')}
              </Text>
              <div className="code-big">{data.code}</div>
              {data.status === 'reserved' && <img className="qr" src={data.qrCode} alt={t('claim.qrAlt')} />}
              {data.status === 'reserved' && <Countdown until={data.expiresAt} />}
              {data.status === 'redeemed' && data.redeemedAt && (
                <Text>{t('claim.redeemedAt', { date: dateTime(data.redeemedAt) })}</Text>
              )}
            </Stack>
          </Card>
          <Card withBorder>
            <Text size="sm">{data.perk.terms}</Text>
          </Card>
          {(data.status === 'reserved' || data.status === 'redeemed') && <ContentForm claim={data} />}
          {data.status === 'reserved' && (
            <Button
              color="red"
              variant="light"
              loading={cancel.isPending}
              onClick={() => cancel.mutate(undefined)}
            >
              {t('claim.cancel')}
            </Button>
          )}
        </Stack>
      )}
    </QueryView>
  );
}

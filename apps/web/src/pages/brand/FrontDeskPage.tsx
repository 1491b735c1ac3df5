import { Alert, Button, Card, Group, List, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { ApiError } from '../../api/errors';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState } from '../../components/QueryView';
import { StatusBadge } from '../../components/StatusBadge';
import { useAction } from '../../hooks/useAction';
import { useBrand } from '../../hooks/useBrand';
import { useI18n, type MessageKey } from '../../i18n/i18n';

type Redemption = Schemas['RedemptionResponse'];

/** Front-desk wording for the refusals a receptionist meets; anything else shows the API's message. */
const REFUSALS: Record<string, MessageKey> = {
  code_not_found: 'desk.notFound',
  code_already_redeemed: 'desk.alreadyRedeemed',
  claim_expired: 'desk.expired',
  claim_cancelled: 'desk.cancelled',
};

interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}
type BarcodeDetectorCtor = new (options: { formats: string[] }) => BarcodeDetectorLike;

/** Camera QR scanning where the browser offers BarcodeDetector; typing the code always works. */
function Scanner({ onCode, onClose }: { onCode(code: string): void; onClose(): void }) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string>();
  useEffect(() => {
    let stream: MediaStream | undefined;
    let timer: ReturnType<typeof setInterval> | undefined;
    const Detector = (window as unknown as { BarcodeDetector?: BarcodeDetectorCtor }).BarcodeDetector;
    if (!Detector) return;
    const detector = new Detector({ formats: ['qr_code'] });
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'environment' } })
      .then(async (s) => {
        stream = s;
        if (!video.current) return;
        video.current.srcObject = s;
        await video.current.play();
        timer = setInterval(() => {
          if (!video.current) return;
          void detector.detect(video.current).then((codes) => {
            if (codes[0]) onCode(codes[0].rawValue);
          });
        }, 300);
      })
      .catch(() => setError(t('desk.cameraDenied')));
    return () => {
      clearInterval(timer);
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, [onCode, t]);
  return (
    <Stack gap="xs">
      {error ? (
        <Alert color="orange">{error}</Alert>
      ) : (
        <video ref={video} className="scanner-video" muted playsInline aria-label={t('desk.camera')} />
      )}
      <Button variant="default" size="xs" onClick={onClose}>
        {t('desk.stopScan')}
      </Button>
    </Stack>
  );
}

function Preview({ result, redeemed }: { result: Redemption; redeemed: boolean }) {
  const { t, number, dateTime } = useI18n();
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {result.perk.title}
          </Title>
          {/* Just redeemed: the one "Redeemed" below says it; no second chip with the same word. */}
          {!redeemed && <StatusBadge status={result.claim.status} />}
        </Group>
        {redeemed && (
          <Alert color="green" role="status">
            <Text fw={700} size="lg">
              {t('desk.redeemed')}
            </Text>
          </Alert>
        )}
        <List size="sm" spacing={2}>
          <List.Item>{t('desk.member', { name: result.member.displayName })}</List.Item>
          <List.Item>
            {t('desk.scores', {
              atClaim: number(result.member.scoreAtClaim, 1),
              now: result.member.scoreNow == null ? '—' : number(result.member.scoreNow, 1),
            })}
          </List.Item>
          <List.Item>{t('desk.code', { code: result.claim.code })}</List.Item>
          {result.claim.status === 'reserved' && (
            <List.Item>{t('desk.validUntil', { date: dateTime(result.claim.expiresAt) })}</List.Item>
          )}
          {result.claim.redeemedAt && (
            <List.Item>{t('desk.redeemedAt', { date: dateTime(result.claim.redeemedAt) })}</List.Item>
          )}
        </List>
        <Text size="sm">{result.perk.terms}</Text>
        {result.claim.disclosureRequired && (
          <Text size="sm" c="dimmed">
            {t('desk.disclosure')}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

export function FrontDeskPage() {
  const { t } = useI18n();
  const { brand } = useBrand();
  const brandId = brand?.id ?? '';
  const [code, setCode] = useState('');
  const [scanning, setScanning] = useState(false);
  const [redeemed, setRedeemed] = useState(false);
  const lookup = useAction(
    (value: string) =>
      call(
        api.GET('/v1/brands/{brandId}/redemptions/lookup', {
          params: { path: { brandId }, query: { code: value } },
        }),
      ),
    { silent: true },
  );
  const redeem = useAction(
    (value: string) =>
      call(
        api.POST('/v1/brands/{brandId}/redemptions', {
          params: { path: { brandId } },
          body: { code: value },
        }),
      ),
    { silent: true, onSuccess: () => setRedeemed(true) },
  );
  const error = redeem.isSuccess ? undefined : (redeem.error ?? lookup.error);
  const refusal =
    error instanceof ApiError ? (REFUSALS[error.code] ? t(REFUSALS[error.code]) : error.message) : undefined;
  const result = redeem.data ?? lookup.data;
  const canRedeem = code.trim() !== '' && !redeemed && (!result || result.claim.status === 'reserved');
  const start = (value: string) => {
    setRedeemed(false);
    redeem.reset();
    lookup.mutate(value);
  };
  if (!brand) return <EmptyState>{t('desk.noBrand')}</EmptyState>;
  return (
    <Stack maw={640} mx="auto">
      <PageHeader title={t('desk.title')} subtitle={brand.name} />
      <Card withBorder>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            start(code.trim());
          }}
        >
          <Stack>
            <TextInput
              label={t('desk.codeLabel')}
              size="lg"
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              placeholder="XXXX-XXXX-XXXX"
              value={code}
              onChange={(e) => {
                setCode(e.currentTarget.value);
                setRedeemed(false);
              }}
              data-autofocus
            />
            <Group>
              <Button
                type="submit"
                variant="default"
                size="md"
                loading={lookup.isPending}
                disabled={code.trim() === ''}
              >
                {t('desk.lookUp')}
              </Button>
              <Button
                size="md"
                color="green"
                loading={redeem.isPending}
                disabled={!canRedeem}
                onClick={() => redeem.mutate(code.trim())}
              >
                {t('desk.redeem')}
              </Button>
              {'BarcodeDetector' in window && !scanning && (
                <Button size="md" variant="light" onClick={() => setScanning(true)}>
                  {t('desk.scan')}
                </Button>
              )}
            </Group>
            {scanning && (
              <Scanner
                onClose={() => setScanning(false)}
                onCode={(value) => {
                  setScanning(false);
                  setCode(value);
                  start(value);
                }}
              />
            )}
          </Stack>
        </form>
      </Card>
      {refusal && (
        <Alert color="red" role="alert" title={t('desk.refused')}>
          {refusal}
        </Alert>
      )}
      {result && !error && <Preview result={result} redeemed={redeemed} />}
    </Stack>
  );
}

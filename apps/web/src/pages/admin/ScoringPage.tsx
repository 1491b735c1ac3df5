import { Button, Group, Progress, Stack, Text } from '@mantine/core';
import { useEffect } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { useCursorList } from '../../components/CursorList';
import { CursorTable, type Column } from '../../components/CursorTable';
import { PageHeader } from '../../components/PageHeader';
import { StatusBadge } from '../../components/StatusBadge';
import { useAction } from '../../hooks/useAction';
import { useI18n } from '../../i18n/i18n';

type Run = Schemas['ScoringRunResponse'];

export function ScoringPage() {
  const { t, dateTime, number } = useI18n();
  const runs = useCursorList(['scoring-runs'], (cursor) =>
    call(api.GET('/v1/admin/scoring/runs', { params: { query: { cursor, limit: 20 } } })),
  );
  const running =
    runs.data?.pages[0]?.data.some((r) => r.status === 'queued' || r.status === 'running') ?? false;
  const start = useAction(() => call(api.POST('/v1/admin/scoring/runs')), {
    success: 'scoring.started',
    invalidate: [['scoring-runs']],
  });
  const columns: Column<Run>[] = [
    { header: t('scoring.started'), cell: (r) => dateTime(r.startedAt ?? r.createdAt) },
    {
      header: t('users.status'),
      cell: (r) => (
        <Stack gap={2}>
          <StatusBadge status={r.status} />
          {r.status === 'running' && (
            <Progress value={r.progress * 100} aria-label={t('scoring.progress')} size="sm" />
          )}
          {r.error && (
            <Text size="xs" c="red">
              {r.error}
            </Text>
          )}
        </Stack>
      ),
    },
    { header: t('scoring.phase'), cell: (r) => (r.phase ? t(`scoring.phase.${r.phase}`) : '—') },
    { header: t('scoring.members'), cell: (r) => (r.members != null ? number(r.members) : '—') },
    { header: t('scoring.edges'), cell: (r) => (r.edges != null ? number(r.edges) : '—') },
    {
      header: t('scoring.phases'),
      cell: (r) => (
        <Group gap={6}>
          {(['load', 'aggregate', 'compute', 'write'] as const).map((p) =>
            r.phases?.[p] != null ? (
              <Text key={p} size="xs">
                {t(`scoring.phase.${p}`)} {number((r.phases[p] ?? 0) / 1000, 1)} s
              </Text>
            ) : null,
          )}
        </Group>
      ),
    },
  ];
  return (
    <>
      <PageHeader
        title={t('scoring.title')}
        actions={
          <Button loading={start.isPending} disabled={running} onClick={() => start.mutate(undefined)}>
            {t('scoring.start')}
          </Button>
        }
      />
      {running && <Refresher onTick={() => void runs.refetch()} />}
      <CursorTable list={runs} columns={columns} empty={t('scoring.empty')} />
    </>
  );
}

/** Watches a run in progress: asks again every two seconds until it finishes. */
function Refresher({ onTick }: { onTick(): void }) {
  useEffect(() => {
    const timer = setInterval(onTick, 2000);
    return () => clearInterval(timer);
  }, [onTick]);
  return null;
}

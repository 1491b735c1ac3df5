import { Button, Card, Group, Progress, Stack, Table, Text } from '@mantine/core';
import { useEffect } from 'react';
import { api, call } from '../../api/client';
import { CursorList, useCursorList } from '../../components/CursorList';
import { PageHeader } from '../../components/PageHeader';
import { StatusBadge } from '../../components/StatusBadge';
import { useAction } from '../../hooks/useAction';
import { useI18n } from '../../i18n/i18n';

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
      <CursorList list={runs} empty={t('scoring.empty')}>
        {(items) => (
          <Card withBorder p={0} className="table-scroll">
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('scoring.started')}</Table.Th>
                  <Table.Th>{t('users.status')}</Table.Th>
                  <Table.Th>{t('scoring.phase')}</Table.Th>
                  <Table.Th>{t('scoring.members')}</Table.Th>
                  <Table.Th>{t('scoring.edges')}</Table.Th>
                  <Table.Th>{t('scoring.phases')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td>{dateTime(r.startedAt ?? r.createdAt)}</Table.Td>
                    <Table.Td>
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
                    </Table.Td>
                    <Table.Td>{r.phase ? t(`scoring.phase.${r.phase}`) : '—'}</Table.Td>
                    <Table.Td>{r.members != null ? number(r.members) : '—'}</Table.Td>
                    <Table.Td>{r.edges != null ? number(r.edges) : '—'}</Table.Td>
                    <Table.Td>
                      <Group gap={6}>
                        {(['load', 'aggregate', 'compute', 'write'] as const).map((p) =>
                          r.phases?.[p] != null ? (
                            <Text key={p} size="xs">
                              {t(`scoring.phase.${p}`)} {number((r.phases[p] ?? 0) / 1000, 1)} s
                            </Text>
                          ) : null,
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
        )}
      </CursorList>
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

import { Alert, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { api, call } from '../../api/client';
import { ApiError } from '../../api/errors';
import { PageHeader } from '../../components/PageHeader';
import { LazyChart } from '../../components/LazyChart';
import { EmptyState, QueryView } from '../../components/QueryView';
import { ComponentPoints, ScoreDial } from '../../components/score';
import { useI18n } from '../../i18n/i18n';

function History() {
  const { t, date } = useI18n();
  const history = useQuery({
    queryKey: ['score-history'],
    queryFn: () => call(api.GET('/v1/me/score/history', { params: { query: { days: 90 } } })),
  });
  return (
    <QueryView query={history} isEmpty={(d) => d.data.length === 0} empty={t('score.noHistory')}>
      {(data) => (
        <LazyChart
          kind="line"
          label={t('score.historyTitle')}
          data={data.data.map((p) => ({ date: date(p.date), score: p.score }))}
          dataKey="date"
          series={[{ name: 'score', label: t('score.score'), color: 'violet.7' }]}
          yMax={100}
        />
      )}
    </QueryView>
  );
}

export function ScorePage() {
  const { t, number, dateTime } = useI18n();
  const score = useQuery({ queryKey: ['score'], queryFn: () => call(api.GET('/v1/me/score')) });
  return (
    <>
      <PageHeader title={t('score.title')} />
      <QueryView
        query={score}
        renderError={(error) =>
          error instanceof ApiError && error.code === 'score_not_available' ? (
            <EmptyState>{t('score.notAvailable')}</EmptyState>
          ) : undefined
        }
      >
        {(data) => (
          <Stack>
            <div className="grid-2">
              <Card withBorder>
                <ScoreDial score={data.score} />
                <Text ta="center" fw={600}>
                  {t('score.percentile', { percentile: number(data.percentile, 1) })}
                </Text>
                <Text ta="center" size="xs" c="dimmed">
                  {t('score.computed', { date: dateTime(data.computedAt), version: data.modelVersion })}
                </Text>
              </Card>
              <Panel title={t('score.componentsTitle')}>
                <ComponentPoints components={data.components} />
              </Panel>
            </div>
            <div className="grid-2">
              <Panel
                title={t('score.adjustmentsTitle')}
                empty={data.adjustments.length === 0 ? t('score.noAdjustments') : undefined}
              >
                <Stack gap="xs">
                  {data.adjustments.map((a) => (
                    <Alert key={a.kind} color="orange" p="xs">
                      <Group justify="space-between" wrap="nowrap">
                        <Text size="sm">{a.reason}</Text>
                        <Text size="sm" fw={700}>
                          ×{number(a.factor, 2)}
                        </Text>
                      </Group>
                    </Alert>
                  ))}
                </Stack>
              </Panel>
              <Panel
                title={t('score.tipsTitle')}
                empty={data.tips.length === 0 ? t('score.noTips') : undefined}
              >
                <List size="sm" spacing="xs">
                  {data.tips.map((tip) => (
                    <List.Item key={tip}>{tip}</List.Item>
                  ))}
                </List>
              </Panel>
            </div>
            <Panel title={t('score.historyTitle')}>
              <History />
            </Panel>
          </Stack>
        )}
      </QueryView>
    </>
  );
}

/** A titled card of the score page; `empty`, when given, is said instead of the content. */
function Panel({ title, empty, children }: { title: string; empty?: string; children: ReactNode }) {
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="sm">
        {title}
      </Title>
      {empty ? (
        <Text c="dimmed" size="sm">
          {empty}
        </Text>
      ) : (
        children
      )}
    </Card>
  );
}

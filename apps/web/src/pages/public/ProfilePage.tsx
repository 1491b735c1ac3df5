import { Badge, Card, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { api, call } from '../../api/client';
import { ApiError } from '../../api/errors';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, QueryView } from '../../components/QueryView';
import { ScoreDial } from '../../components/score';
import { useI18n, type MessageKey } from '../../i18n/i18n';

export function ProfilePage() {
  const { t } = useI18n();
  const { userId = '' } = useParams();
  const profile = useQuery({
    queryKey: ['profile', userId],
    queryFn: () => call(api.GET('/v1/profiles/{userId}', { params: { path: { userId } } })),
  });
  return (
    <QueryView
      query={profile}
      renderError={(error) =>
        error instanceof ApiError && (error.status === 404 || error.status === 400) ? (
          <>
            <PageHeader title={t('profile.title')} />
            <EmptyState>{t('profile.notPublic')}</EmptyState>
          </>
        ) : undefined
      }
    >
      {(data) => (
        <Stack>
          <PageHeader title={data.displayName} subtitle={t('profile.title')} />
          <Card withBorder maw={420}>
            {data.score != null && <ScoreDial score={data.score} />}
            <Text fw={600} mt="md">
              {t('profile.topics')}
            </Text>
            <Group gap={4}>
              {data.topics.map((topic) => (
                <Badge key={topic} variant="light">
                  {t(`topic.${topic}` as MessageKey)}
                </Badge>
              ))}
            </Group>
            <Text fw={600} mt="md">
              {t('profile.networks')}
            </Text>
            <Group gap={4}>
              {data.networks.map((network) => (
                <Badge key={network} variant="outline">
                  {t(`network.${network}` as MessageKey)}
                </Badge>
              ))}
            </Group>
          </Card>
        </Stack>
      )}
    </QueryView>
  );
}

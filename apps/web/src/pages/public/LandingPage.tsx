import { Anchor, Button, Card, Group, List, Progress, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { capabilitiesOf, homePath, useMe, useSession } from '../../app/auth';
import { PageHeader } from '../../components/PageHeader';
import { QueryView } from '../../components/QueryView';
import { useI18n } from '../../i18n/i18n';
import { COMPONENTS } from '../../components/score';

/** The calibration curve (raw percentile → published score) as a small inline SVG line. */
function CalibrationChart({ knots }: { knots: Schemas['CalibrationKnotView'][] }) {
  const { t } = useI18n();
  const points = knots.map((k) => `${k.percentile * 300},${150 - (k.score / 100) * 150}`).join(' ');
  return (
    <svg viewBox="-30 -10 340 185" role="img" aria-label={t('landing.calibrationChart')} width="100%">
      <line x1="0" y1="150" x2="300" y2="150" stroke="currentColor" strokeOpacity="0.3" />
      <line x1="0" y1="0" x2="0" y2="150" stroke="currentColor" strokeOpacity="0.3" />
      <polyline points={points} fill="none" stroke="var(--mantine-color-violet-7)" strokeWidth="3" />
      <text x="150" y="172" fontSize="11" textAnchor="middle" fill="currentColor">
        {t('landing.axisPercentile')}
      </text>
      <text
        x="-8"
        y="75"
        fontSize="11"
        textAnchor="middle"
        fill="currentColor"
        transform="rotate(-90 -14 75)"
      >
        {t('landing.axisScore')}
      </text>
    </svg>
  );
}

function ModelCard({ model }: { model: Schemas['ScoringModelResponse'] }) {
  const { t, number, date } = useI18n();
  const total = COMPONENTS.reduce((sum, c) => sum + model.weights[c], 0) || 1;
  return (
    <div className="grid-2">
      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          {t('landing.weightsTitle')}
        </Title>
        <Stack gap="sm">
          {COMPONENTS.map((c) => (
            <div key={c}>
              <Group justify="space-between">
                <Text size="sm" fw={600}>
                  {t(`score.component.${c}`)}
                </Text>
                <Text size="sm">{number((model.weights[c] / total) * 100)} %</Text>
              </Group>
              <Progress value={(model.weights[c] / total) * 100} aria-label={t(`score.component.${c}`)} />
              <Text size="xs" c="dimmed">
                {t(`score.componentHelp.${c}`)}
              </Text>
            </div>
          ))}
        </Stack>
      </Card>
      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          {t('landing.calibrationTitle')}
        </Title>
        <CalibrationChart knots={model.calibration.knots} />
        <List size="sm" spacing={4} mt="sm">
          <List.Item>
            {t('landing.window', { days: model.windowDays, halfLife: model.halfLifeDays })}
          </List.Item>
          <List.Item>{t('landing.population', { count: number(model.populationSize) })}</List.Item>
          <List.Item>
            {t('landing.version', {
              version: model.version,
              date: model.computedAt ? date(model.computedAt) : '—',
            })}
          </List.Item>
        </List>
      </Card>
    </div>
  );
}

export function LandingPage() {
  const { t } = useI18n();
  const signedIn = useSession().status === 'signed-in';
  const me = useMe();
  const model = useQuery({ queryKey: ['scoring-model'], queryFn: () => call(api.GET('/v1/scoring/model')) });
  return (
    <Stack gap="xl">
      <div className="hero">
        <PageHeader title={t('landing.title')} subtitle={t('landing.tagline')} />
        <Text maw={720}>{t('landing.intro')}</Text>
        <Group mt="md">
          {signedIn && me.data ? (
            <Button component={Link} to={homePath(me.data)}>
              {capabilitiesOf(me.data).influencer ? t('landing.toScore') : t('landing.toDashboard')}
            </Button>
          ) : (
            <>
              <Button component={Link} to="/signup">
                {t('landing.join')}
              </Button>
              <Button component={Link} to="/login" variant="default">
                {t('nav.login')}
              </Button>
            </>
          )}
        </Group>
      </div>
      <section>
        <Title order={2} mb="xs">
          {t('landing.modelTitle')}
        </Title>
        <Text mb="md" maw={720}>
          {t('landing.modelIntro')}
        </Text>
        <QueryView query={model}>{(data) => <ModelCard model={data} />}</QueryView>
        <Text size="sm" mt="md">
          <Anchor href="/docs">{t('landing.apiDocs')}</Anchor>
        </Text>
      </section>
    </Stack>
  );
}

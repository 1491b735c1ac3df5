/** The score's pieces, shared by the score page, public profiles and the landing page. */
import { Group, Progress, Stack, Text } from '@mantine/core';
import type { Schemas } from '../api/client';
import { useI18n } from '../i18n/i18n';

export const COMPONENTS = ['network', 'engagement', 'amplification', 'reach'] as const;

/** The score on a 0–100 dial: a 270° arc, filled in proportion. */
export function ScoreDial({ score, caption }: { score: number; caption?: string }) {
  const { t, number } = useI18n();
  const radius = 80;
  const sweep = 270;
  const length = (2 * Math.PI * radius * sweep) / 360;
  const filled = (Math.max(0, Math.min(100, score)) / 100) * length;
  const arc = `M ${100 - radius * Math.cos(Math.PI / 4)} ${100 + radius * Math.sin(Math.PI / 4)} A ${radius} ${radius} 0 1 1 ${100 + radius * Math.cos(Math.PI / 4)} ${100 + radius * Math.sin(Math.PI / 4)}`;
  const label = number(score, 1);
  return (
    <svg
      className="dial"
      viewBox="0 0 200 180"
      role="img"
      aria-label={t('score.dialLabel', { score: label })}
    >
      <path className="dial-track" d={arc} />
      <path className="dial-value" d={arc} strokeDasharray={`${filled} ${length}`} />
      <text className="dial-text" x="100" y="108">
        {label}
      </text>
      <text className="dial-caption" x="100" y="130">
        {caption ?? t('score.outOf100')}
      </text>
    </svg>
  );
}

/** The four components as points that add up to the score (before adjustments). */
export function ComponentPoints({ components }: { components: Schemas['ScoreComponentsView'] }) {
  const { t, number } = useI18n();
  const total = COMPONENTS.reduce((sum, c) => sum + components[c].points, 0);
  return (
    <Stack gap="sm">
      {COMPONENTS.map((c) => (
        <div key={c}>
          <Group justify="space-between" wrap="nowrap">
            <Text fw={600} size="sm">
              {t(`score.component.${c}`)}
            </Text>
            <Text size="sm">{t('score.points', { points: number(components[c].points, 1) })}</Text>
          </Group>
          <Progress
            value={Math.max(0, Math.min(100, components[c].points))}
            aria-label={t(`score.component.${c}`)}
          />
          <Text size="xs" c="dimmed">
            {t(`score.componentHelp.${c}`)}
          </Text>
        </div>
      ))}
      <Group justify="space-between">
        <Text fw={700} size="sm">
          {t('score.componentsTotal')}
        </Text>
        <Text fw={700} size="sm">
          {t('score.points', { points: number(total, 1) })}
        </Text>
      </Group>
    </Stack>
  );
}

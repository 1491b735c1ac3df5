import { Card, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { StatusBadge } from './StatusBadge';

interface LinkCardProps {
  to: string;
  /** The link's accessible name when the title alone does not say where it goes. */
  label?: string;
  title: string;
  /** The dimmed line under the title (who, when). */
  meta: ReactNode;
  status: string;
  /** More lines under the meta line. */
  children?: ReactNode;
}

/** One item of a list that opens its own page: title, a line about it, its status on the right. */
export function LinkCard({ to, label, title, meta, status, children }: LinkCardProps) {
  return (
    <UnstyledButton component={Link} to={to} aria-label={label}>
      <Card withBorder>
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Stack gap={2}>
            <Text fw={600}>{title}</Text>
            <Text size="sm" c="dimmed">
              {meta}
            </Text>
            {children}
          </Stack>
          <StatusBadge status={status} />
        </Group>
      </Card>
    </UnstyledButton>
  );
}

import { Card, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A bordered section of a page: its heading, a line of explanation, then what it holds. */
export function SectionCard({
  title,
  text,
  children,
}: {
  title: string;
  text: ReactNode;
  children: ReactNode;
}) {
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="xs">
        {title}
      </Title>
      <Text size="sm" mb="sm">
        {text}
      </Text>
      {children}
    </Card>
  );
}

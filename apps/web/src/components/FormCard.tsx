/**
 * A titled card around one form (fields, then its submit button), and the variant whose answer
 * carries a secret (an API key, a webhook signing secret) that is shown this once.
 */
import { Alert, Button, Card, Code, Group, Stack, Title } from '@mantine/core';
import type { ReactNode } from 'react';

interface FormCardProps {
  title: string;
  submitLabel: string;
  busy?: boolean;
  disabled?: boolean;
  onSubmit: () => void;
  /** Fields side by side with the button (short forms), or one under the other. */
  layout?: 'inline' | 'stacked';
  /** The form's fields. */
  children: ReactNode;
  /** Shown under the form. */
  footer?: ReactNode;
}

export function FormCard({
  title,
  submitLabel,
  busy,
  disabled,
  onSubmit,
  layout = 'inline',
  children,
  footer,
}: FormCardProps) {
  const submit = (
    <Button type="submit" mt={layout === 'inline' ? 24 : undefined} loading={busy} disabled={disabled}>
      {submitLabel}
    </Button>
  );
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="sm">
        {title}
      </Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        {layout === 'inline' ? (
          <Group align="flex-start">
            {children}
            {submit}
          </Group>
        ) : (
          <Stack>
            {children}
            <Group>{submit}</Group>
          </Stack>
        )}
      </form>
      {footer}
    </Card>
  );
}

/** A secret the API returns only once: shown until the page is left, with a title saying so. */
export function SecretShownOnce({ title, secret }: { title: string; secret: string | undefined }) {
  if (!secret) return null;
  return (
    <Alert color="green" mt="md" title={title} role="status">
      <Code block>{secret}</Code>
    </Alert>
  );
}

/** A create form whose answer carries a secret, shown once under it. */
export function SecretOnceForm({
  secret,
  secretTitle,
  ...form
}: Omit<FormCardProps, 'footer'> & { secret: string | undefined; secretTitle: string }) {
  return <FormCard {...form} footer={<SecretShownOnce title={secretTitle} secret={secret} />} />;
}

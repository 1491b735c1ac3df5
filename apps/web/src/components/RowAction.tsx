import { Button } from '@mantine/core';

const TONES = {
  danger: { color: 'red', variant: 'light' },
  primary: { variant: 'light' },
  neutral: { variant: 'default' },
} as const;

interface RowActionProps {
  /** The visible label ("Revoke"). */
  label: string;
  /** The accessible name saying which row it acts on ("Revoke key Checkout"). */
  name?: string;
  onClick: () => void;
  tone?: keyof typeof TONES;
  loading?: boolean;
}

/** A small button acting on one row of a table or one item of a list. */
export function RowAction({ label, name, onClick, tone = 'neutral', loading }: RowActionProps) {
  return (
    <Button size="xs" {...TONES[tone]} loading={loading} onClick={onClick} aria-label={name}>
      {label}
    </Button>
  );
}

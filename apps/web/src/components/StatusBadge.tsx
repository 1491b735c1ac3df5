import { Badge } from '@mantine/core';
import { useI18n, type MessageKey } from '../i18n/i18n';

const COLORS: Record<string, string> = {
  draft: 'gray',
  pending_review: 'yellow',
  changes_requested: 'orange',
  rejected: 'red',
  approved: 'green',
  paused: 'gray',
  ended: 'gray',
  removed: 'red',
  reserved: 'blue',
  redeemed: 'green',
  expired: 'gray',
  cancelled: 'gray',
  revoked: 'red',
  not_required: 'gray',
  unfunded: 'orange',
  pending: 'yellow',
  funded: 'green',
  refunded: 'gray',
  pending_verification: 'yellow',
  verified: 'green',
  active: 'green',
  suspended: 'red',
  queued: 'gray',
  running: 'blue',
  succeeded: 'green',
  failed: 'red',
  charge: 'blue',
  refund: 'orange',
  owner: 'violet',
  sent: 'green',
  captured: 'blue',
  skipped: 'gray',
  dead: 'red',
  enabled: 'green',
  disabled: 'red',
};

/** A status of any kind (campaign, claim, funding, account, run) as a coloured chip in words. */
export function StatusBadge({ status }: { status: string }) {
  const { t } = useI18n();
  return (
    <Badge color={COLORS[status] ?? 'gray'} variant="light">
      {t(`status.${status}` as MessageKey)}
    </Badge>
  );
}

/** The event types a webhook endpoint can subscribe to. */
export const WEBHOOK_EVENT_TYPES = [
  'claim.created',
  'claim.redeemed',
  'claim.cancelled',
  'claim.expired',
  'claim.content_submitted',
  'campaign.approved',
  'campaign.rejected',
  'campaign.changes_requested',
  'campaign.removed',
  'campaign.sold_out',
  'campaign.ended',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Every kind of mail PerkRank sends. */
export const MAIL_KINDS = [
  'email_verification',
  'password_reset',
  'brand_invitation',
  'claim_confirmation',
  'claim_expiring',
  'claim_redeemed',
  'campaign_submitted',
  'campaign_approved',
  'campaign_changes_requested',
  'campaign_rejected',
  'campaign_removed',
  'campaign_sold_out',
  'score_published',
  'webhook_endpoint_disabled',
] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/**
 * The switches of GET/PATCH /v1/me/notifications: each non-essential kind belongs to one. Account
 * security, invitations and operational warnings are essential and always sent.
 */
export const PREFERENCE_KEYS = [
  'claimConfirmation',
  'claimExpiring',
  'claimRedeemed',
  'campaignUpdates',
  'campaignSoldOut',
  'scorePublished',
] as const;
export type PreferenceKey = (typeof PREFERENCE_KEYS)[number];

export const PREFERENCE_OF: Readonly<Record<MailKind, PreferenceKey | null>> = {
  email_verification: null,
  password_reset: null,
  brand_invitation: null,
  webhook_endpoint_disabled: null,
  claim_confirmation: 'claimConfirmation',
  claim_expiring: 'claimExpiring',
  claim_redeemed: 'claimRedeemed',
  campaign_submitted: 'campaignUpdates',
  campaign_approved: 'campaignUpdates',
  campaign_changes_requested: 'campaignUpdates',
  campaign_rejected: 'campaignUpdates',
  campaign_removed: 'campaignUpdates',
  campaign_sold_out: 'campaignSoldOut',
  score_published: 'scorePublished',
};

export const LANGUAGES = ['en', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];

export const MAIL_STATUSES = ['queued', 'sent', 'captured', 'skipped', 'dead'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

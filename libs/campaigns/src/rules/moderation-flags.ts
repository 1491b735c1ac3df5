/**
 * Automatic hints for the moderation queue, computed when a brand submits. Flags never block a
 * campaign; they point a human moderator at what deserves a second look, so they lean towards
 * flagging too much rather than too little.
 */

export const MODERATION_FLAG_CODES = [
  'terms_missing',
  'terms_too_short',
  'links_in_description',
  'value_above_ceiling',
  'value_unchecked',
  'new_brand',
  'denied_word',
] as const;
export type ModerationFlagCode = (typeof MODERATION_FLAG_CODES)[number];

export interface ModerationFlag {
  code: ModerationFlagCode;
  message: string;
}

export const MIN_TERMS_LENGTH = 40;
export const NEW_BRAND_HOURS = 24;

export interface ModerationCampaignInput {
  title: string;
  description: string;
  perk: { terms?: string | null; valueMinor?: number | null; currency?: string | null };
}

export interface ModerationBrandInput {
  createdAt: Date;
}

export interface ModerationConfig {
  /** Highest plausible declared value per currency, in minor units: ceilings only mean something per currency. */
  valueCeilingsMinor: Readonly<Record<string, number>>;
  /** Words or phrases matched as whole words, case-insensitively, in title, description and terms. */
  denyList: readonly string[];
}

// Bare domains are only recognised with a common TLD, so "e.g." or "3.5 stars" never count.
// prettier-ignore
const COMMON_TLDS = [
  'com', 'net', 'org', 'info', 'biz', 'io', 'co', 'me', 'ly', 'app', 'dev', 'shop', 'store', 'online', 'site',
  'xyz', 'top', 'club', 'link', 'click', 'live', 'page', 'tv', 'gg', 'ai', 'uk', 'de', 'fr', 'es', 'it', 'nl',
  'eu', 'us', 'ca', 'au', 'ru', 'cn', 'in', 'br', 'jp', 'ch', 'at', 'be', 'pl', 'se', 'no', 'dk', 'fi', 'pt',
  'ie', 'nz', 'za', 'mx',
];
// Bounded repetitions (URI schemes are short, DNS labels ≤ 63) keep long descriptions linear to scan.
const LINK_PATTERNS: readonly RegExp[] = [
  /\b[a-z][a-z0-9+.-]{0,31}:\/\/\S/i,
  /\bwww\.\S/i,
  new RegExp(String.raw`\b[a-z0-9-]{1,63}(?:\.|\[\.\]|\(\.\))(?:${COMMON_TLDS.join('|')})\b`, 'i'),
];

const HOUR_MS = 3_600_000;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/** Whole-word means: not glued to another letter, digit or underscore on either side. */
function wholeWordPattern(entry: string): RegExp {
  const body = entry
    .trim()
    .split(/\s+/)
    .map(escapeRegExp)
    .join(String.raw`\s+`);
  return new RegExp(String.raw`(?<![\p{L}\p{N}_])${body}(?![\p{L}\p{N}_])`, 'iu');
}

/** Length as a reader sees it: whitespace runs count once, and characters rather than UTF-16 units. */
const visibleLength = (text: string): number => [...text.trim().replace(/\s+/g, ' ')].length;

export function computeModerationFlags(
  campaign: ModerationCampaignInput,
  brand: ModerationBrandInput,
  config: ModerationConfig,
  now: Date,
): ModerationFlag[] {
  const flags: ModerationFlag[] = [];

  const termsLength = visibleLength(campaign.perk.terms ?? '');
  if (termsLength === 0) {
    flags.push({ code: 'terms_missing', message: 'The perk has no terms and conditions.' });
  } else if (termsLength < MIN_TERMS_LENGTH) {
    flags.push({
      code: 'terms_too_short',
      message: `The terms are ${termsLength} characters long; fewer than ${MIN_TERMS_LENGTH} rarely say what the member gets and when.`,
    });
  }

  if (LINK_PATTERNS.some((pattern) => pattern.test(campaign.description))) {
    flags.push({
      code: 'links_in_description',
      message: 'The description contains a link or web address; check where it leads.',
    });
  }

  const { valueMinor, currency } = campaign.perk;
  if (valueMinor != null && currency != null) {
    const ceiling = Object.hasOwn(config.valueCeilingsMinor, currency)
      ? config.valueCeilingsMinor[currency]
      : undefined;
    if (ceiling === undefined) {
      flags.push({
        code: 'value_unchecked',
        message: `No value ceiling is configured for ${currency}; check the declared value by hand.`,
      });
    } else if (valueMinor > ceiling) {
      flags.push({
        code: 'value_above_ceiling',
        message: `The declared value ${valueMinor} ${currency} (minor units) is above the ceiling of ${ceiling}.`,
      });
    }
  }

  // Written as a negation so that an invalid creation date is treated as new, not as old.
  if (!(now.getTime() - brand.createdAt.getTime() >= NEW_BRAND_HOURS * HOUR_MS)) {
    flags.push({
      code: 'new_brand',
      message: `The brand was created less than ${NEW_BRAND_HOURS} hours ago.`,
    });
  }

  // Fields are searched one by one so that a phrase never matches across two of them.
  const texts = [campaign.title, campaign.description, campaign.perk.terms ?? ''];
  const seen = new Set<string>();
  for (const entry of config.denyList) {
    const key = entry.trim().replace(/\s+/g, ' ').toLowerCase();
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    const pattern = wholeWordPattern(entry);
    if (texts.some((text) => pattern.test(text))) {
      flags.push({ code: 'denied_word', message: `The campaign uses the denied word "${key}".` });
    }
  }

  return flags;
}

import type { Language, MailKind } from './mail-kinds';

/** What a template may show, resolved when the mail is rendered (names, titles, links). */
export interface MailContext {
  /** Recipient's display name, when they have an account. */
  name?: string | null;
  /** The link the mail is about (already absolute, token included). */
  link?: string;
  brandName?: string | null;
  campaignTitle?: string | null;
  code?: string | null;
  expiresAt?: string | null;
  note?: string | null;
  role?: string | null;
  inviterName?: string | null;
  score?: number | null;
  url?: string | null;
  /** Inline image (cid) of the claim's QR code, when attached. */
  qrCid?: string | null;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const PRODUCT = 'PerkRank';

type Paragraphs = { subject: string; lines: string[]; action?: string };
type Template = (c: MailContext, lang: Language) => Paragraphs;

const when = (iso: string | null | undefined, lang: Language): string => {
  if (!iso) return '';
  const d = new Date(iso);
  return `${d.toLocaleString(lang === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })} UTC`;
};
const hi = (c: MailContext, lang: Language): string =>
  lang === 'de' ? (c.name ? `Hallo ${c.name},` : 'Hallo,') : c.name ? `Hi ${c.name},` : 'Hi,';
const campaign = (c: MailContext): string => `„${c.campaignTitle ?? ''}“`;
const campaignEn = (c: MailContext): string => `"${c.campaignTitle ?? ''}"`;

const TEMPLATES: Readonly<Record<MailKind, Record<Language, Template>>> = {
  email_verification: {
    en: (c) => ({
      subject: `Confirm your email address for ${PRODUCT}`,
      lines: [
        hi(c, 'en'),
        `please confirm that this is your email address. The link works for 7 days.`,
        `If you did not create a ${PRODUCT} account, ignore this mail.`,
      ],
      action: 'Confirm email address',
    }),
    de: (c) => ({
      subject: `Bestätige deine E-Mail-Adresse für ${PRODUCT}`,
      lines: [
        hi(c, 'de'),
        `bitte bestätige, dass dies deine E-Mail-Adresse ist. Der Link ist 7 Tage gültig.`,
        `Wenn du kein ${PRODUCT}-Konto angelegt hast, ignoriere diese Mail.`,
      ],
      action: 'E-Mail-Adresse bestätigen',
    }),
  },
  password_reset: {
    en: (c) => ({
      subject: `Reset your ${PRODUCT} password`,
      lines: [
        hi(c, 'en'),
        `someone (hopefully you) asked to reset your password. The link works once, for 30 minutes.`,
        `After the reset you are logged out everywhere. If you did not ask for this, ignore this mail: your password stays as it is.`,
      ],
      action: 'Choose a new password',
    }),
    de: (c) => ({
      subject: `Setze dein ${PRODUCT}-Passwort zurück`,
      lines: [
        hi(c, 'de'),
        `jemand (hoffentlich du) möchte dein Passwort zurücksetzen. Der Link funktioniert einmal und 30 Minuten lang.`,
        `Danach wirst du überall abgemeldet. Wenn du das nicht warst, ignoriere diese Mail: dein Passwort bleibt unverändert.`,
      ],
      action: 'Neues Passwort wählen',
    }),
  },
  brand_invitation: {
    en: (c) => ({
      subject: `${c.inviterName ?? 'Someone'} invited you to ${c.brandName ?? 'a brand'} on ${PRODUCT}`,
      lines: [
        hi(c, 'en'),
        `${c.inviterName ?? 'A team member'} invited you to join ${c.brandName ?? 'their brand'} as ${c.role ?? 'a member'}.`,
        `Open the invitation to accept or decline it${c.expiresAt ? ` (until ${when(c.expiresAt, 'en')})` : ''}.`,
      ],
      action: 'Open the invitation',
    }),
    de: (c) => ({
      subject: `${c.inviterName ?? 'Jemand'} lädt dich zu ${c.brandName ?? 'einer Marke'} auf ${PRODUCT} ein`,
      lines: [
        hi(c, 'de'),
        `${c.inviterName ?? 'Ein Teammitglied'} lädt dich ein, ${c.brandName ?? 'der Marke'} als ${c.role ?? 'Mitglied'} beizutreten.`,
        `Öffne die Einladung, um sie anzunehmen oder abzulehnen${c.expiresAt ? ` (bis ${when(c.expiresAt, 'de')})` : ''}.`,
      ],
      action: 'Einladung öffnen',
    }),
  },
  claim_confirmation: {
    en: (c) => ({
      subject: `Your perk: ${c.campaignTitle ?? ''} — code ${c.code ?? ''}`,
      lines: [
        hi(c, 'en'),
        `you claimed ${campaignEn(c)} from ${c.brandName ?? ''}.`,
        `Your code: ${c.code ?? ''}`,
        `Show the code or the QR code at the front desk before ${when(c.expiresAt, 'en')}.`,
      ],
      action: 'Open your claim',
    }),
    de: (c) => ({
      subject: `Dein Perk: ${c.campaignTitle ?? ''} — Code ${c.code ?? ''}`,
      lines: [
        hi(c, 'de'),
        `du hast ${campaign(c)} von ${c.brandName ?? ''} reserviert.`,
        `Dein Code: ${c.code ?? ''}`,
        `Zeige den Code oder den QR-Code vor dem ${when(c.expiresAt, 'de')} am Empfang vor.`,
      ],
      action: 'Reservierung öffnen',
    }),
  },
  claim_expiring: {
    en: (c) => ({
      subject: `Your claim for ${c.campaignTitle ?? ''} expires in 24 hours`,
      lines: [
        hi(c, 'en'),
        `your reservation of ${campaignEn(c)} (code ${c.code ?? ''}) expires at ${when(c.expiresAt, 'en')}.`,
        `Redeem it before then, or cancel it so someone else can have it.`,
      ],
      action: 'Open your claim',
    }),
    de: (c) => ({
      subject: `Deine Reservierung für ${c.campaignTitle ?? ''} läuft in 24 Stunden ab`,
      lines: [
        hi(c, 'de'),
        `deine Reservierung von ${campaign(c)} (Code ${c.code ?? ''}) läuft am ${when(c.expiresAt, 'de')} ab.`,
        `Löse sie vorher ein – oder storniere sie, damit jemand anderes sie nutzen kann.`,
      ],
      action: 'Reservierung öffnen',
    }),
  },
  claim_redeemed: {
    en: (c) => ({
      subject: `Redeemed: ${c.campaignTitle ?? ''}`,
      lines: [
        hi(c, 'en'),
        `${c.brandName ?? 'The brand'} redeemed your claim for ${campaignEn(c)}. Enjoy!`,
        `If the perk asks for a post, add its link to the claim afterwards.`,
      ],
      action: 'Open your claim',
    }),
    de: (c) => ({
      subject: `Eingelöst: ${c.campaignTitle ?? ''}`,
      lines: [
        hi(c, 'de'),
        `${c.brandName ?? 'Die Marke'} hat deine Reservierung für ${campaign(c)} eingelöst. Viel Spaß!`,
        `Wenn der Perk einen Beitrag verlangt, trage danach dessen Link bei der Reservierung ein.`,
      ],
      action: 'Reservierung öffnen',
    }),
  },
  campaign_submitted: {
    en: (c) => ({
      subject: `Submitted for review: ${c.campaignTitle ?? ''}`,
      lines: [
        hi(c, 'en'),
        `${campaignEn(c)} of ${c.brandName ?? ''} is waiting for review by the ${PRODUCT} team.`,
      ],
      action: 'Open the campaign',
    }),
    de: (c) => ({
      subject: `Zur Prüfung eingereicht: ${c.campaignTitle ?? ''}`,
      lines: [
        hi(c, 'de'),
        `${campaign(c)} von ${c.brandName ?? ''} wartet auf die Prüfung durch das ${PRODUCT}-Team.`,
      ],
      action: 'Kampagne öffnen',
    }),
  },
  campaign_approved: {
    en: (c) => ({
      subject: `Approved: ${c.campaignTitle ?? ''}`,
      lines: [
        hi(c, 'en'),
        `${campaignEn(c)} of ${c.brandName ?? ''} was approved.`,
        ...(c.note ? [`Note from the reviewer: ${c.note}`] : []),
      ],
      action: 'Open the campaign',
    }),
    de: (c) => ({
      subject: `Freigegeben: ${c.campaignTitle ?? ''}`,
      lines: [
        hi(c, 'de'),
        `${campaign(c)} von ${c.brandName ?? ''} wurde freigegeben.`,
        ...(c.note ? [`Hinweis der Prüfung: ${c.note}`] : []),
      ],
      action: 'Kampagne öffnen',
    }),
  },
  campaign_changes_requested: {
    en: (c) => ({
      subject: `Changes requested: ${c.campaignTitle ?? ''}`,
      lines: [
        hi(c, 'en'),
        `the reviewer asks for changes to ${campaignEn(c)} of ${c.brandName ?? ''} before it can go live.`,
        ...(c.note ? [`What to change: ${c.note}`] : []),
      ],
      action: 'Edit the campaign',
    }),
    de: (c) => ({
      subject: `Änderungen erbeten: ${c.campaignTitle ?? ''}`,
      lines: [
        hi(c, 'de'),
        `die Prüfung bittet um Änderungen an ${campaign(c)} von ${c.brandName ?? ''}, bevor sie live gehen kann.`,
        ...(c.note ? [`Was zu ändern ist: ${c.note}`] : []),
      ],
      action: 'Kampagne bearbeiten',
    }),
  },
  campaign_rejected: {
    en: (c) => ({
      subject: `Rejected: ${c.campaignTitle ?? ''}`,
      lines: [
        hi(c, 'en'),
        `${campaignEn(c)} of ${c.brandName ?? ''} was rejected.`,
        ...(c.note ? [`Reason: ${c.note}`] : []),
      ],
      action: 'Open the campaign',
    }),
    de: (c) => ({
      subject: `Abgelehnt: ${c.campaignTitle ?? ''}`,
      lines: [
        hi(c, 'de'),
        `${campaign(c)} von ${c.brandName ?? ''} wurde abgelehnt.`,
        ...(c.note ? [`Begründung: ${c.note}`] : []),
      ],
      action: 'Kampagne öffnen',
    }),
  },
  campaign_removed: {
    en: (c) => ({
      subject: `Removed: ${c.campaignTitle ?? ''}`,
      lines: [
        hi(c, 'en'),
        `${campaignEn(c)} of ${c.brandName ?? ''} was taken down by the ${PRODUCT} team; open reservations were revoked.`,
        ...(c.note ? [`Reason: ${c.note}`] : []),
      ],
      action: 'Open the campaign',
    }),
    de: (c) => ({
      subject: `Entfernt: ${c.campaignTitle ?? ''}`,
      lines: [
        hi(c, 'de'),
        `${campaign(c)} von ${c.brandName ?? ''} wurde vom ${PRODUCT}-Team entfernt; offene Reservierungen wurden storniert.`,
        ...(c.note ? [`Begründung: ${c.note}`] : []),
      ],
      action: 'Kampagne öffnen',
    }),
  },
  campaign_sold_out: {
    en: (c) => ({
      subject: `Sold out: ${c.campaignTitle ?? ''}`,
      lines: [hi(c, 'en'), `every unit of ${campaignEn(c)} of ${c.brandName ?? ''} is claimed.`],
      action: 'Open the campaign',
    }),
    de: (c) => ({
      subject: `Vergriffen: ${c.campaignTitle ?? ''}`,
      lines: [hi(c, 'de'), `alle Einheiten von ${campaign(c)} von ${c.brandName ?? ''} sind reserviert.`],
      action: 'Kampagne öffnen',
    }),
  },
  score_published: {
    en: (c) => ({
      subject: `Your ${PRODUCT} score is here`,
      lines: [
        hi(c, 'en'),
        `your first influence score was published${c.score !== null && c.score !== undefined ? `: ${c.score}` : ''}.`,
        `See what goes into it, and how to improve it, on your score page.`,
      ],
      action: 'See your score',
    }),
    de: (c) => ({
      subject: `Dein ${PRODUCT}-Score ist da`,
      lines: [
        hi(c, 'de'),
        `dein erster Einfluss-Score wurde veröffentlicht${c.score !== null && c.score !== undefined ? `: ${c.score}` : ''}.`,
        `Auf deiner Score-Seite siehst du, woraus er sich zusammensetzt und wie du ihn verbesserst.`,
      ],
      action: 'Score ansehen',
    }),
  },
  webhook_endpoint_disabled: {
    en: (c) => ({
      subject: `Webhook endpoint disabled for ${c.brandName ?? 'your brand'}`,
      lines: [
        hi(c, 'en'),
        `${PRODUCT} could not deliver events to ${c.url ?? 'your endpoint'} for 3 days and disabled it.`,
        `Fix the receiver, then enable the endpoint again (PATCH … {"enabled": true}) and redeliver what it missed from its delivery log.`,
      ],
      action: 'Open the webhook settings',
    }),
    de: (c) => ({
      subject: `Webhook-Endpunkt für ${c.brandName ?? 'deine Marke'} deaktiviert`,
      lines: [
        hi(c, 'de'),
        `${PRODUCT} konnte 3 Tage lang keine Ereignisse an ${c.url ?? 'deinen Endpunkt'} zustellen und hat ihn deaktiviert.`,
        `Behebe den Fehler beim Empfänger, aktiviere den Endpunkt wieder (PATCH … {"enabled": true}) und stelle Verpasstes aus dem Zustellprotokoll erneut zu.`,
      ],
      action: 'Webhook-Einstellungen öffnen',
    }),
  },
};

const escapeHtml = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch,
  );

/**
 * Plain text and HTML from the same paragraphs: the product name, no remote images, no tracking
 * pixels, no link rewriting. The only image is the claim's QR code, attached inline.
 */
export function renderMail(kind: MailKind, lang: Language, context: MailContext): RenderedMail {
  const t = TEMPLATES[kind][lang](context, lang);
  const footer =
    lang === 'de'
      ? `— ${PRODUCT}. Welche Mails du bekommst, stellst du in deinem Konto unter Benachrichtigungen ein.`
      : `— ${PRODUCT}. Choose which mails you get under Notifications in your account.`;
  const text = [
    ...t.lines,
    ...(context.link && t.action ? [`${t.action}: ${context.link}`] : []),
    '',
    footer,
  ].join('\n\n');
  const body = t.lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n');
  const button =
    context.link && t.action
      ? `<p><a href="${escapeHtml(context.link)}" style="display:inline-block;padding:10px 16px;background:#1f4fd1;color:#fff;text-decoration:none;border-radius:6px">${escapeHtml(t.action)}</a></p>\n<p style="font-size:12px;color:#555">${escapeHtml(context.link)}</p>`
      : '';
  const qr = context.qrCid
    ? `<p><img src="cid:${escapeHtml(context.qrCid)}" alt="QR code" width="200" height="200"></p>`
    : '';
  const html = `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(t.subject)}</title></head>
<body style="font-family:system-ui,-apple-system,Segoe UI,sans-serif;line-height:1.5;color:#111;max-width:560px;margin:0 auto;padding:24px">
<p style="font-weight:600;font-size:18px">${PRODUCT}</p>
${body}
${qr}
${button}
<p style="font-size:12px;color:#555">${escapeHtml(footer)}</p>
</body></html>`;
  return { subject: t.subject, text, html };
}

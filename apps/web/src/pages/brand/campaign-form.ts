/**
 * The campaign editor's form: strings as the inputs hold them, converted to and from the API's
 * CreateCampaignDto. Field names are the API's field paths, so an error's `param` or
 * `details.fields` key lands on the input of the same name.
 */
import type { Schemas } from '../../api/client';

type Campaign = Schemas['CampaignResponse'];
export type CampaignBody = Schemas['CreateCampaignDto'];

export const FORM_FIELDS = [
  'title',
  'description',
  'perk.type',
  'perk.terms',
  'perk.valueMinor',
  'perk.currency',
  'eligibility.minScore',
  'eligibility.topics',
  'eligibility.networks',
  'eligibility.countries',
  'eligibility.cities',
  'inventory.total',
  'inventory.perUser',
  'codes.mode',
  'schedule.startsAt',
  'schedule.endsAt',
  'claimTtlHours',
  'location.venueName',
  'location.address',
  'location.city',
  'location.country',
] as const;
export type FormField = (typeof FORM_FIELDS)[number];
export type CampaignForm = Record<FormField, string> & { disclosureRequired: boolean };

/** `datetime-local` inputs work in local time without a zone; the API takes ISO instants. */
function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function emptyForm(now = new Date()): CampaignForm {
  const day = 86_400_000;
  return {
    title: '',
    description: '',
    'perk.type': 'upgrade',
    'perk.terms': '',
    'perk.valueMinor': '',
    'perk.currency': 'EUR',
    'eligibility.minScore': '50',
    'eligibility.topics': '',
    'eligibility.networks': '',
    'eligibility.countries': '',
    'eligibility.cities': '',
    'inventory.total': '10',
    'inventory.perUser': '1',
    'codes.mode': 'generated',
    'schedule.startsAt': toLocalInput(new Date(now.getTime() + 3_600_000).toISOString()),
    'schedule.endsAt': toLocalInput(new Date(now.getTime() + 30 * day).toISOString()),
    claimTtlHours: '72',
    'location.venueName': '',
    'location.address': '',
    'location.city': '',
    'location.country': '',
    disclosureRequired: true,
  };
}

const list = (items: string[] | null | undefined) => (items ?? []).join(', ');

export function formOf(c: Campaign): CampaignForm {
  const location = (c.location ?? {}) as Partial<Schemas['LocationView']>;
  return {
    title: c.title ?? '',
    description: c.description ?? '',
    'perk.type': c.perk?.type ?? 'upgrade',
    'perk.terms': c.perk?.terms ?? '',
    'perk.valueMinor': c.perk?.valueMinor != null ? String(c.perk.valueMinor / 100) : '',
    'perk.currency': c.perk?.currency ?? 'EUR',
    'eligibility.minScore': String(c.eligibility?.minScore ?? ''),
    'eligibility.topics': list(c.eligibility?.topics),
    'eligibility.networks': list(c.eligibility?.networks),
    'eligibility.countries': list(c.eligibility?.countries),
    'eligibility.cities': list(c.eligibility?.cities),
    'inventory.total': String(c.inventory?.total ?? ''),
    'inventory.perUser': String(c.inventory?.perUser ?? ''),
    'codes.mode': c.codes?.mode ?? 'generated',
    'schedule.startsAt': toLocalInput(c.schedule?.startsAt),
    'schedule.endsAt': toLocalInput(c.schedule?.endsAt),
    claimTtlHours: String(c.claimTtlHours ?? ''),
    'location.venueName': location.venueName ?? '',
    'location.address': location.address ?? '',
    'location.city': location.city ?? '',
    'location.country': location.country ?? '',
    disclosureRequired: c.disclosureRequired ?? false,
  };
}

const text = (value: string) => (value.trim() === '' ? undefined : value.trim());
const whole = (value: string) => (value.trim() === '' ? undefined : Number(value));
const items = (value: string) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const instant = (value: string) => (value ? new Date(value).toISOString() : undefined);

export function bodyOf(f: CampaignForm): CampaignBody {
  const value = text(f['perk.valueMinor']);
  const venue = text(f['location.venueName']);
  return {
    title: f.title.trim(),
    description: text(f.description),
    perk: {
      type: f['perk.type'] as NonNullable<Schemas['PerkInput']['type']>,
      terms: text(f['perk.terms']),
      valueMinor: value === undefined ? undefined : Math.round(Number(value.replace(',', '.')) * 100),
      currency: value === undefined ? undefined : text(f['perk.currency'])?.toUpperCase(),
    },
    eligibility: {
      minScore: whole(f['eligibility.minScore']),
      // Unknown topics or networks are the API's to refuse, with the message on the field.
      topics: items(f['eligibility.topics']) as NonNullable<Schemas['EligibilityInput']['topics']>,
      networks: items(f['eligibility.networks']) as NonNullable<Schemas['EligibilityInput']['networks']>,
      countries: items(f['eligibility.countries']).map((c) => c.toUpperCase()),
      cities: items(f['eligibility.cities']),
    },
    inventory: { total: whole(f['inventory.total']), perUser: whole(f['inventory.perUser']) },
    codes: { mode: f['codes.mode'] as 'generated' | 'pool' },
    schedule: { startsAt: instant(f['schedule.startsAt']), endsAt: instant(f['schedule.endsAt']) },
    claimTtlHours: whole(f.claimTtlHours),
    location: venue
      ? {
          venueName: venue,
          city: f['location.city'].trim(),
          country: f['location.country'].trim().toUpperCase(),
          address: text(f['location.address']),
        }
      : undefined,
    disclosureRequired: f.disclosureRequired,
  };
}

/** Maps an API field path to the input showing it (`eligibility.topics[1]` → `eligibility.topics`). */
export function formFieldOf(path: string): FormField | undefined {
  const base = path.replace(/\[\d+\]$/, '');
  return (
    ((FORM_FIELDS as readonly string[]).find((f) => f === base || base.startsWith(`${f}.`)) as
      FormField | undefined) ??
    ((FORM_FIELDS as readonly string[]).find((f) => f.startsWith(`${base}.`)) as FormField | undefined)
  );
}

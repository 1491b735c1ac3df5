/**
 * What the demo world holds: its people, brands and campaigns. Plain data and functions (no I/O),
 * so the seeder, the start-up log, the CLI and the tests read the same names.
 */

/** Every demo login uses this password (and so does every generated member). */
export const DEMO_PASSWORD = 'perkrank-demo';

/** The generated population: a few thousand members, scored in seconds. Deterministic by seed. */
export const DEMO_WORLD = { members: 3000, actors: 20_000, events: 300_000, seed: 1 } as const;

export interface DemoPerson {
  email: string;
  displayName: string;
  /** What the person is for, as the start-up log and the README say it. */
  role: string;
}

export const DEMO_PEOPLE = {
  admin: { email: 'admin@demo.perkrank.test', displayName: 'Ada Admin', role: 'admin, moderates campaigns' },
  influencer: {
    email: 'influencer@demo.perkrank.test',
    displayName: 'Mia Hoffmann',
    role: 'influencer, scored in the mid 70s',
  },
  hotelOwner: {
    email: 'hotel-owner@demo.perkrank.test',
    displayName: 'Henrik Aurora',
    role: 'owner of Hotel Aurora Berlin',
  },
  hotelManager: {
    email: 'hotel-manager@demo.perkrank.test',
    displayName: 'Maja Manager',
    role: "manager of the hotel's campaigns",
  },
  frontDesk: {
    email: 'frontdesk@demo.perkrank.test',
    displayName: 'Felix Frontdesk',
    role: 'hotel front desk (staff: looks up and redeems codes)',
  },
  cafeOwner: {
    email: 'cafe-owner@demo.perkrank.test',
    displayName: 'Clara Lumen',
    role: 'owner of Kaffeehaus Lumen',
  },
} as const satisfies Record<string, DemoPerson>;

/**
 * The demo influencer is a generated member (so their score comes from a real run over real
 * interactions): the best-scored one below `max`, at least `min` — above the live suite upgrade
 * (60) and the queued campaign (70), with room left to improve.
 */
export const INFLUENCER_SCORE_BAND = { min: 70, max: 76 } as const;

export const DEMO_BRANDS = {
  hotel: { name: 'Hotel Aurora Berlin', website: 'https://hotel-aurora.example', country: 'DE' },
  cafe: { name: 'Kaffeehaus Lumen', website: 'https://kaffeehaus-lumen.example', country: 'DE' },
} as const;

/** A campaign as the brand's create endpoint takes it. */
export interface DemoCampaign {
  title: string;
  description: string;
  perk: {
    type: 'upgrade' | 'product' | 'experience' | 'discount' | 'access';
    terms: string;
    valueMinor: number;
    currency: string;
  };
  eligibility: {
    minScore: number;
    topics: string[];
    networks: string[];
    countries: string[];
    cities: string[];
  };
  inventory: { total: number; perUser: number };
  codes: { mode: 'generated' };
  schedule: { startsAt: string; endsAt: string };
  claimTtlHours: number;
  location: { venueName: string; city: string; country: string; address?: string };
  disclosureRequired: boolean;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Title prefixes the README walkthrough picks campaigns by. */
export const LIVE_SUITE_TITLE = 'Junior suite upgrade';
export const QUEUED_TITLE = 'Presidential suite weekend';

/** The four campaigns, running from an hour before `now` for a few weeks. */
export function demoCampaigns(now: Date): Record<'live' | 'queued' | 'soldOut' | 'cafe', DemoCampaign> {
  const schedule = (days: number) => ({
    startsAt: new Date(now.getTime() - HOUR_MS).toISOString(),
    endsAt: new Date(now.getTime() + days * DAY_MS).toISOString(),
  });
  const anyone = { topics: [], networks: [], countries: [], cities: [] };
  const hotel = {
    venueName: 'Hotel Aurora Berlin',
    city: 'Berlin',
    country: 'DE',
    address: 'Unter den Linden 1',
  };
  return {
    live: {
      title: `${LIVE_SUITE_TITLE} for creators with a score of 60+`,
      description:
        'Stay two nights or more and we upgrade your room to a junior suite on arrival. Tell your followers how you liked it.',
      perk: {
        type: 'upgrade',
        terms: 'Valid for stays of two nights or more, subject to availability on the day of arrival.',
        valueMinor: 15_000,
        currency: 'EUR',
      },
      eligibility: { minScore: 60, ...anyone },
      inventory: { total: 25, perUser: 1 },
      codes: { mode: 'generated' },
      schedule: schedule(60),
      claimTtlHours: 72,
      location: hotel,
      disclosureRequired: true,
    },
    // Flagged on submission: a link in the description, a declared value above the EUR ceiling,
    // and a brand younger than a day.
    queued: {
      title: `${QUEUED_TITLE} for top creators`,
      description:
        'Two nights in our presidential suite with butler service and a rooftop dinner. Photos and floor plan: www.hotel-aurora.example/suites',
      perk: {
        type: 'experience',
        terms:
          'Two consecutive nights for two guests, dinner included, drinks excluded; dates by arrangement.',
        valueMinor: 250_000,
        currency: 'EUR',
      },
      eligibility: { minScore: 70, ...anyone },
      inventory: { total: 4, perUser: 1 },
      codes: { mode: 'generated' },
      schedule: schedule(45),
      claimTtlHours: 168,
      location: hotel,
      disclosureRequired: true,
    },
    soldOut: {
      title: 'Breakfast for two in the Aurora Lounge',
      description: 'Our breakfast buffet for you and a guest, any morning of the week.',
      perk: {
        type: 'experience',
        terms: 'One breakfast for two guests, served 6:30–11:00; show the code when you are seated.',
        valueMinor: 6_400,
        currency: 'EUR',
      },
      eligibility: { minScore: 30, ...anyone },
      inventory: { total: 3, perUser: 1 },
      codes: { mode: 'generated' },
      schedule: schedule(30),
      claimTtlHours: 48,
      location: hotel,
      disclosureRequired: false,
    },
    cafe: {
      title: 'Coffee tasting flight at Kaffeehaus Lumen',
      description: 'Three single-origin coffees brewed three ways, with our barista explaining each one.',
      perk: {
        type: 'product',
        terms: 'One tasting flight per person; not combinable with other offers; weekdays before 17:00.',
        valueMinor: 1_800,
        currency: 'EUR',
      },
      eligibility: { minScore: 40, ...anyone },
      inventory: { total: 40, perUser: 1 },
      codes: { mode: 'generated' },
      schedule: schedule(30),
      claimTtlHours: 72,
      location: { venueName: 'Kaffeehaus Lumen', city: 'Berlin', country: 'DE' },
      disclosureRequired: true,
    },
  };
}

/** The lines the start-up log and `demo:reset` print: who to log in as, and where. */
export function demoLoginLines(baseUrl: string): string[] {
  const people = Object.values(DEMO_PEOPLE);
  const width = Math.max(...people.map((p) => p.email.length));
  return [
    `Demo world: log in with password "${DEMO_PASSWORD}" as`,
    ...people.map((p) => `  ${p.email.padEnd(width)}  ${p.role}`),
    `Try it in the API docs at ${baseUrl}/docs, or follow the README walkthrough ("A five-minute tour").`,
    'Start over with `npm run cli -- demo:reset`; PERKRANK_DEMO=false starts without a demo world.',
  ];
}

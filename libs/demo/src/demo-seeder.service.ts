import { Injectable } from '@nestjs/common';
import { CampaignService, ModerationService } from '@perkrank/campaigns';
import { ClaimService, RedemptionService } from '@perkrank/claims';
import { AppConfig, Clock } from '@perkrank/core';
import {
  AdminUsersService,
  ApiKeyService,
  AuthService,
  BrandInvitationService,
  BrandService,
  hashPassword,
  UserRepository,
  type AuthUser,
  type User,
} from '@perkrank/identity';
import { ScoringRunService } from '@perkrank/scores';
import {
  DEMO_BRANDS,
  DEMO_PASSWORD,
  DEMO_PEOPLE,
  DEMO_WORLD,
  demoCampaigns,
  INFLUENCER_SCORE_BAND,
  type DemoCampaign,
  type DemoPerson,
} from './demo-world';
import { DemoRepository, type ScoredMember } from './demo.repository';
import { WorldWriter, worldEmail } from './world/world-writer';

export type DemoPhase = 'accounts' | 'world' | 'scoring' | 'campaigns' | 'claims';

export interface DemoProgress {
  phase: DemoPhase;
  /** 0..1 over the whole seed. */
  fraction: number;
  detail: string;
}

export interface DemoSeedOptions {
  onProgress?: (progress: DemoProgress) => void;
}

export interface DemoSummary {
  members: number;
  interactions: number;
  scored: number;
  influencerScore: number;
  campaigns: { live: string; queued: string; soldOut: string; cafe: string };
  claims: { reserved: number; redeemed: number };
  /** The hotel's front-desk API key: shown here once, like every API key. */
  apiKey: string;
  /** Milliseconds per phase, and in all. */
  phases: Record<DemoPhase, number>;
  ms: number;
}

export type DemoOutcome =
  | { kind: 'seeded'; summary: DemoSummary }
  /** A demo world is already here (a later start): nothing done. */
  | { kind: 'present' }
  /** The database holds other data (accounts, no demo): never touched. */
  | { kind: 'not_empty' }
  /** A seed started and never completed (a crash, a kill): nothing done, `demo:reset` fixes it. */
  | { kind: 'interrupted' }
  | { kind: 'off'; reason: string };

/** Where each phase sits on the progress bar (measured: the world and the run dominate). */
const SPAN: Record<DemoPhase, [number, number]> = {
  accounts: [0, 0.08],
  world: [0.08, 0.5],
  scoring: [0.5, 0.85],
  campaigns: [0.85, 0.92],
  claims: [0.92, 1],
};

/** Claims the seed makes, on which campaign, and how many of them the desk redeems. */
const CLAIMS = {
  live: { claims: 8, redeemed: 3 },
  soldOut: { redeemed: 2 },
  cafe: { claims: 5, redeemed: 2 },
};

const asCaller = (user: Pick<User, 'id' | 'email' | 'displayName' | 'roles'>): AuthUser => ({
  id: user.id,
  email: user.email,
  displayName: user.displayName,
  roles: user.roles,
  status: 'active',
  sessionId: 'demo-seed',
});

/**
 * Seeds the demo world on the first start of an empty embedded database (and on `demo:reset`):
 * people, brands, campaigns in each state, a generated and scored population, claims. Everything
 * goes through the same services the API calls, so the world obeys the same rules as real data.
 */

const PRODUCTION =
  'NODE_ENV is production (the demo world, with its known passwords, is for development only)';
@Injectable()
export class DemoSeeder {
  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly repo: DemoRepository,
    private readonly auth: AuthService,
    private readonly admins: AdminUsersService,
    private readonly users: UserRepository,
    private readonly brands: BrandService,
    private readonly invitations: BrandInvitationService,
    private readonly apiKeys: ApiKeyService,
    private readonly campaigns: CampaignService,
    private readonly moderation: ModerationService,
    private readonly claims: ClaimService,
    private readonly desk: RedemptionService,
    private readonly world: WorldWriter,
    private readonly runs: ScoringRunService,
  ) {}

  /**
   * Start-up: seeds only the embedded default, only an empty database. PERKRANK_DEMO needs no check
   * here: with it off the API does not call this (and the module is not even in its graph; see
   * demoEnabled in @perkrank/platform).
   */
  async onStart(database: { isEmbedded: boolean }, options: DemoSeedOptions = {}): Promise<DemoOutcome> {
    // Its accounts share one published password: a production server must never have them.
    if (this.config.isProduction) return { kind: 'off', reason: PRODUCTION };
    if (!database.isEmbedded)
      return { kind: 'off', reason: 'DATABASE_URL is set (the demo only seeds the embedded database)' };
    return this.seedIfEmpty(options);
  }

  /** Seeds when the database has no accounts and no earlier seed; otherwise says what is there. */
  async seedIfEmpty(options: DemoSeedOptions = {}): Promise<DemoOutcome> {
    if (this.config.isProduction) return { kind: 'off', reason: PRODUCTION };
    // Without payments off no campaign could go live: the demo would show a dead marketplace.
    if (this.config.STRIPE_SECRET_KEY)
      return { kind: 'off', reason: 'STRIPE_SECRET_KEY is set (demo campaigns would need paying for)' };
    const start = await this.repo.beginSeed();
    switch (start) {
      case 'completed':
        return { kind: 'present' };
      case 'interrupted':
        return { kind: 'interrupted' };
      case 'not_empty':
        return { kind: 'not_empty' };
      case 'started': {
        const summary = await this.seed(options);
        const { apiKey: _shownOnce, ...recorded } = summary;
        await this.repo.completeSeed(recorded);
        return { kind: 'seeded', summary };
      }
    }
  }

  private async seed(options: DemoSeedOptions): Promise<DemoSummary> {
    const started = Date.now();
    const phases = {} as Record<DemoPhase, number>;
    let phaseStarted = started;
    const report = (phase: DemoPhase, within: number, detail: string): void => {
      const [from, to] = SPAN[phase];
      options.onProgress?.({ phase, fraction: from + (to - from) * Math.min(1, within), detail });
    };
    const finish = (phase: DemoPhase): void => {
      const now = Date.now();
      phases[phase] = now - phaseStarted;
      phaseStarted = now;
    };

    // People and brands.
    report('accounts', 0, 'people, brands, an API key');
    await this.admins.ensureAdmin(DEMO_PEOPLE.admin.email, DEMO_PASSWORD, DEMO_PEOPLE.admin.displayName);
    const admin = await this.account(DEMO_PEOPLE.admin, []);
    const [owner, manager, frontDesk, cafeOwner] = await Promise.all([
      this.account(DEMO_PEOPLE.hotelOwner, ['brand']),
      this.account(DEMO_PEOPLE.hotelManager, ['brand']),
      this.account(DEMO_PEOPLE.frontDesk, ['brand']),
      this.account(DEMO_PEOPLE.cafeOwner, ['brand']),
    ]);
    const hotel = await this.brands.create(owner, { ...DEMO_BRANDS.hotel });
    // The team joins the way any team does: invited by the owner, each accepting for themselves.
    for (const [person, role] of [
      [manager, 'manager'],
      [frontDesk, 'staff'],
    ] as const) {
      const invitation = await this.invitations.invite(owner, hotel.id, { email: person.email, role });
      await this.invitations.accept(person, invitation.id);
    }
    const apiKey = await this.apiKeys.create(owner, hotel.id, 'Front desk PMS');
    const cafe = await this.brands.create(cafeOwner, { ...DEMO_BRANDS.cafe });
    finish('accounts');

    // The generated population: every member logs in with the demo password too.
    const world = await this.world.write({
      ...DEMO_WORLD,
      passwordHash: await hashPassword(DEMO_PASSWORD),
      onProgress: (p) =>
        report(
          'world',
          p.phase === 'members' ? 0.1 * (p.done / p.total) : 0.1 + 0.9 * (p.done / Math.max(1, p.total)),
          `${p.phase} ${p.done}/${p.total}`,
        ),
    });
    finish('world');

    // 'cli': a run executed in this process (the run table knows no other in-process trigger).
    const run = await this.runs.runNow('cli', {
      onProgress: (p) => report('scoring', p.progress, `${p.phase}: ${p.detail}`),
    });
    if (run.status !== 'succeeded')
      throw new Error(`the demo scoring run failed: ${run.error ?? run.status}`);
    finish('scoring');

    // The influencer: a generated member with a score in the band, given a name and a profile.
    const generated = worldEmail(DEMO_WORLD.seed, 0).replace('-0@', '-%@'); // a LIKE pattern for them all
    const [picked] = await this.repo.scoredMembers(generated, INFLUENCER_SCORE_BAND, 1);
    if (!picked)
      throw new Error(
        `no generated member scored between ${INFLUENCER_SCORE_BAND.min} and ${INFLUENCER_SCORE_BAND.max}`,
      );
    if (!(await this.users.changeEmail(picked.id, DEMO_PEOPLE.influencer.email)))
      throw new Error(`${DEMO_PEOPLE.influencer.email} is already taken`);
    await this.users.updateProfile(picked.id, {
      displayName: DEMO_PEOPLE.influencer.displayName,
      topics: ['travel', 'food'],
      country: 'DE',
      city: 'Berlin',
    });

    // Campaigns: live, sold out (after the claims below) and the café's go through review and
    // approval; one waits in the moderation queue with its flags.
    report('campaigns', 0, 'drafts, review, approval');
    const drafts = demoCampaigns(this.clock.now());
    const moderator = asCaller(admin);
    const live = await this.publish(manager, hotel.id, drafts.live, moderator);
    const soldOut = await this.publish(manager, hotel.id, drafts.soldOut, moderator);
    const cafeLive = await this.publish(cafeOwner, cafe.id, drafts.cafe, moderator);
    const queued = await this.campaigns.create(manager, hotel.id, drafts.queued);
    await this.campaigns.act(manager, queued.id, 'submit');
    finish('campaigns');

    // Claims by the best-scored generated members, each claiming once (the influencer, renamed,
    // is not among them: the walkthrough claims for her).
    report('claims', 0, 'claims and redemptions');
    const claimants = await this.repo.scoredMembers(generated, { min: drafts.live.eligibility.minScore }, 40);
    let next = 0;
    const take = (count: number): ScoredMember[] => {
      const slice = claimants.slice(next, (next += count));
      if (slice.length < count) throw new Error('too few scored members to make the demo claims');
      return slice;
    };
    const counts = { reserved: 0, redeemed: 0 };
    const deskUser = { user: frontDesk };
    const pmsKey = { apiKey: { id: apiKey.id, brandId: hotel.id, name: apiKey.name } };
    const claimAll = async (campaignId: string, who: ScoredMember[]): Promise<string[]> => {
      const codes: string[] = [];
      for (const member of who)
        codes.push(
          (await this.claims.claim(asCaller({ ...member, roles: ['influencer'] }), campaignId)).code,
        );
      counts.reserved += codes.length;
      return codes;
    };
    const liveCodes = await claimAll(live, take(CLAIMS.live.claims));
    const soldOutCodes = await claimAll(soldOut, take(drafts.soldOut.inventory.total));
    const cafeCodes = await claimAll(cafeLive, take(CLAIMS.cafe.claims));
    // The front desk redeems most; the hotel's property-management system (the API key) one.
    const redeem = async (
      caller: Parameters<RedemptionService['redeem']>[0],
      brandId: string,
      code: string,
    ) => {
      await this.desk.redeem(caller, brandId, code);
      counts.redeemed++;
      counts.reserved--;
    };
    for (const code of liveCodes.slice(0, CLAIMS.live.redeemed - 1)) await redeem(deskUser, hotel.id, code);
    await redeem(pmsKey, hotel.id, liveCodes[CLAIMS.live.redeemed - 1]);
    for (const code of soldOutCodes.slice(0, CLAIMS.soldOut.redeemed)) await redeem(deskUser, hotel.id, code);
    for (const code of cafeCodes.slice(0, CLAIMS.cafe.redeemed))
      await redeem({ user: cafeOwner }, cafe.id, code);
    finish('claims');
    report('claims', 1, 'done');

    return {
      members: world.members,
      interactions: world.accepted,
      scored: run.members ?? 0,
      influencerScore: picked.score,
      campaigns: { live, queued: queued.id, soldOut, cafe: cafeLive },
      claims: counts,
      apiKey: apiKey.key,
      phases,
      ms: Date.now() - started,
    };
  }

  private async account(person: DemoPerson, roles: Array<'brand'>): Promise<AuthUser> {
    const existing = await this.users.findByEmail(person.email);
    if (existing) return asCaller(existing);
    const user = await this.auth.createAccount({
      email: person.email,
      password: DEMO_PASSWORD,
      displayName: person.displayName,
      roles,
      dateOfBirth: '1985-03-01',
      termsAccepted: true,
    });
    return asCaller(user);
  }

  /** Draft → submitted → approved, as a brand and a moderator do it; returns the campaign id. */
  private async publish(
    brandUser: AuthUser,
    brandId: string,
    draft: DemoCampaign,
    admin: AuthUser,
  ): Promise<string> {
    const created = await this.campaigns.create(brandUser, brandId, draft);
    await this.campaigns.act(brandUser, created.id, 'submit');
    await this.moderation.decide(admin, created.id, 'approve', 'Demo campaign: approved at seeding.');
    return created.id;
  }
}

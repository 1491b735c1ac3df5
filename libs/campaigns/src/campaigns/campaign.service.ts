import { Injectable } from '@nestjs/common';
import {
  AppConfig,
  AppException,
  Clock,
  DomainEvents,
  Page,
  keyAt,
  readPage,
  uuidv7,
  ValidationFailedException,
} from '@perkrank/core';
import { assertVerifiedEmail, type AuthUser, BrandAccess } from '@perkrank/identity';
import { CampaignException } from '../campaign.exception';
import {
  type CampaignAction,
  type CampaignFieldError,
  type CampaignState,
  checkSubmission,
  computeModerationFlags,
  isEditable,
  transition,
  validateCampaignDraft,
} from '../rules';
import { CampaignAccess } from './campaign-access';
import { campaignView, contentChanges, submissionInput } from './campaign-content';
import type { CampaignResponse, CreateCampaignDto, UpdateCampaignDto } from './campaign.dto';
import { Campaign } from './campaign.entity';
import { CampaignRepository, TransitionChanges } from './campaign.repository';

export type BrandCampaignAction = Extract<CampaignAction, 'submit' | 'pause' | 'resume' | 'end'>;

/** Conditional writes that lose a race are retried from a fresh read this many times. */
const ATTEMPTS = 3;

function fieldErrors(errors: readonly CampaignFieldError[]): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const { field, message } of errors) (fields[field] ??= []).push(message);
  return fields;
}

/** A brand's side of campaigns: drafting, editing, submitting for review, pausing and ending. */
@Injectable()
export class CampaignService {
  constructor(
    private readonly campaigns: CampaignRepository,
    private readonly access: CampaignAccess,
    private readonly brands: BrandAccess,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
  ) {}

  async create(caller: AuthUser, brandId: string, input: CreateCampaignDto): Promise<CampaignResponse> {
    assertVerifiedEmail(caller, this.config);
    await this.brands.require(caller, brandId, 'campaigns.manage');
    const now = this.clock.now();
    const campaign: Campaign = Object.assign(new Campaign(), {
      id: uuidv7(),
      brandId,
      status: 'draft',
      version: 1,
      description: null,
      perkType: null,
      perkTerms: null,
      perkValueMinor: null,
      perkCurrency: null,
      minScore: null,
      topics: [],
      networks: [],
      countries: [],
      cities: [],
      cityKeys: [],
      inventoryTotal: null,
      inventoryRemaining: null,
      inventoryPerUser: null,
      codesMode: null,
      codePoolSize: 0,
      startsAt: null,
      endsAt: null,
      claimTtlHours: null,
      locationVenueName: null,
      locationCity: null,
      locationCityKey: null,
      locationCountry: null,
      locationAddress: null,
      disclosureRequired: true,
      // With Stripe configured a campaign must be paid for before it can go live.
      fundingStatus: this.config.STRIPE_SECRET_KEY ? 'unfunded' : 'not_required',
      fundedUnits: null,
      moderationFlags: [],
      moderationNotes: null,
      moderationReason: null,
      statusChangedAt: now,
      submittedAt: null,
      approvedAt: null,
      createdBy: caller.id,
      createdAt: now,
      updatedAt: now,
      ...contentChanges(input),
      title: input.title,
    } satisfies Omit<Campaign, 'brand'>);
    this.validate(campaign, now);
    await this.campaigns.insert(campaign);
    return campaignView(campaign, now);
  }

  async list(
    caller: AuthUser,
    brandId: string,
    query: { limit: number; cursor?: string; status?: CampaignState },
  ): Promise<Page<CampaignResponse>> {
    await this.brands.require(caller, brandId, 'campaigns.view');
    const now = this.clock.now();
    return readPage(
      query,
      (limit, after) => this.campaigns.listForBrand(brandId, limit, after, query.status),
      keyAt('createdAt'),
      (c) => campaignView(c, now),
    );
  }

  async get(caller: AuthUser, id: string): Promise<CampaignResponse> {
    const { campaign } = await this.access.load(caller, id, 'campaigns.view');
    return campaignView(campaign, this.clock.now());
  }

  async update(caller: AuthUser, id: string, input: UpdateCampaignDto): Promise<CampaignResponse> {
    const changes = contentChanges(input);
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const { campaign } = await this.access.load(caller, id, 'campaigns.manage');
      if (!isEditable(campaign.status)) {
        throw new CampaignException(
          'campaign_not_editable',
          'Only campaigns in draft or with changes requested can be edited.',
          { details: { status: campaign.status } },
        );
      }
      const now = this.clock.now();
      if (Object.keys(changes).length === 0) return campaignView(campaign, now);
      this.validate(Object.assign(new Campaign(), campaign, changes), now);
      const stockChanged =
        changes.inventoryTotal !== undefined && changes.inventoryTotal !== campaign.inventoryTotal;
      if (stockChanged && campaign.fundingStatus === 'funded') {
        // Like a paid order: what was bought is fixed; more stock needs a new campaign.
        throw new CampaignException(
          'campaign_funded',
          `This campaign is paid for ${campaign.fundedUnits ?? campaign.inventoryTotal} units: its stock cannot change after payment.`,
          { param: 'inventory.total', details: { paidUnits: campaign.fundedUnits } },
        );
      }
      // An open checkout was priced for the old stock: the edit voids it (funding back to unfunded).
      const voidsCheckout = stockChanged && campaign.fundingStatus === 'pending';
      const written = await this.campaigns.transaction(async (manager) => {
        // The rules ran on this version and funding state: write only if neither moved in between.
        const ok = await this.campaigns.updateContent(
          id,
          { version: campaign.version, fundingStatus: stockChanged ? campaign.fundingStatus : undefined },
          voidsCheckout ? { ...changes, fundingStatus: 'unfunded' } : changes,
          now,
          manager,
        );
        if (ok && voidsCheckout)
          await this.events.publish(
            { type: 'campaign.stock_changed', payload: { campaignId: id, brandId: campaign.brandId } },
            manager,
          );
        return ok;
      });
      if (written) return this.view(id, now);
    }
    throw CampaignException.busy();
  }

  async act(caller: AuthUser, id: string, action: BrandCampaignAction): Promise<CampaignResponse> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const { campaign, role } = await this.access.load(caller, id, 'campaigns.manage', {
        withBrand: action === 'submit',
      });
      const move = transition(campaign.status, action, role);
      if (!move.ok) {
        if (move.reason === 'forbidden') throw AppException.forbidden();
        throw CampaignException.invalidTransition(campaign.status, action);
      }
      const now = this.clock.now();
      let changes: TransitionChanges = {};
      let version: number | undefined;
      if (action === 'submit') {
        changes = this.submission(campaign, now);
        // Completeness was checked on this version; an edit in between means checking again.
        version = campaign.version;
      }
      const moved = await this.campaigns.transaction(async (manager) => {
        if (
          !(await this.campaigns.transition(
            id,
            { from: campaign.status, version },
            move.to,
            changes,
            now,
            manager,
          ))
        )
          return false;
        // Other contexts react in this transaction (refunds when a funded campaign ends, say).
        await this.events.publish(
          {
            type: `campaign.${move.to}`,
            payload: { campaignId: id, brandId: campaign.brandId, action, actorId: caller.id },
          },
          manager,
        );
        return true;
      });
      if (moved) return this.view(id, now);
    }
    throw CampaignException.busy();
  }

  /** Refuses an incomplete campaign; otherwise the flags the moderators will see. */
  private submission(campaign: Campaign, now: Date): TransitionChanges {
    const problems = checkSubmission(submissionInput(campaign), now);
    if (problems.length > 0) {
      throw new CampaignException(
        'campaign_incomplete',
        `The campaign is not ready for review: check ${[...new Set(problems.map((p) => p.field))].join(', ')}.`,
        { details: { reasons: problems } },
      );
    }
    if (!campaign.brand) throw new Error('submission needs the campaign loaded with its brand');
    const flags = computeModerationFlags(
      {
        title: campaign.title,
        description: campaign.description ?? '',
        perk: {
          terms: campaign.perkTerms,
          valueMinor: campaign.perkValueMinor,
          currency: campaign.perkCurrency,
        },
      },
      { createdAt: campaign.brand.createdAt },
      {
        valueCeilingsMinor: this.config.moderationValueCeilings,
        denyList: this.config.moderationDenyWords,
      },
      now,
    );
    return { moderationFlags: flags, submittedAt: now };
  }

  /** The campaign as just written (the caller's access was checked before the write). */
  private async view(id: string, now: Date): Promise<CampaignResponse> {
    const saved = await this.campaigns.findById(id);
    if (!saved) throw CampaignException.campaignNotFound();
    return campaignView(saved, now);
  }

  private validate(campaign: Campaign, now: Date): void {
    const errors = validateCampaignDraft(submissionInput(campaign), now);
    if (errors.length > 0) throw new ValidationFailedException(fieldErrors(errors));
  }
}

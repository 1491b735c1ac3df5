/** Campaign rules: topics, life cycle, eligibility, draft validation and moderation flags. Pure functions. */
export {
  CAMPAIGN_ACTIONS,
  CAMPAIGN_ACTORS,
  CAMPAIGN_STATES,
  FUNDING_STATUSES,
  availableActions,
  isClaimable,
  isDueToExpire,
  isEditable,
  isTerminal,
  transition,
} from './campaign-state';
export type {
  CampaignAction,
  CampaignActor,
  CampaignState,
  ClaimabilityInput,
  FundingStatus,
  TransitionResult,
} from './campaign-state';
export { ELIGIBILITY_REASONS, checkEligibility, cityKey, countryKey } from './eligibility';
export type { Eligibility, EligibilityCampaign, EligibilityMember, EligibilityReason } from './eligibility';
export { MAX_CLAIM_TTL_HOURS, MAX_STOCK, validateCampaignDraft } from './validation';
export type { CampaignDraftInput, CampaignFieldError } from './validation';
export { checkSubmission } from './submission';
export type { SubmissionInput, SubmissionProblem } from './submission';
export {
  MIN_TERMS_LENGTH,
  MODERATION_FLAG_CODES,
  NEW_BRAND_HOURS,
  computeModerationFlags,
} from './moderation-flags';
export type {
  ModerationBrandInput,
  ModerationCampaignInput,
  ModerationConfig,
  ModerationFlag,
  ModerationFlagCode,
} from './moderation-flags';

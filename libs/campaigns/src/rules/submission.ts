/**
 * What a campaign must hold before a moderator looks at it. Drafts may be saved half-finished, so
 * completeness is enforced here, at submit, together with the draft rules re-checked against the
 * clock: a window that lay in the future when it was typed may have passed since.
 */
import { type CampaignDraftInput, validateCampaignDraft } from './validation';

export interface SubmissionInput extends CampaignDraftInput {
  description?: string | null;
  perk?: CampaignDraftInput['perk'] & { type?: string | null };
  /** `poolSize`: codes the brand has uploaded so far (pool mode needs one per unit of stock). */
  codes?: { mode?: 'generated' | 'pool' | null; poolSize: number };
}

export interface SubmissionProblem {
  /** Path in the request body, as in validation errors: `schedule.endsAt`. */
  field: string;
  code: 'required' | 'invalid' | 'pool_too_small';
  message: string;
}

export function checkSubmission(campaign: SubmissionInput, now: Date): SubmissionProblem[] {
  const problems: SubmissionProblem[] = [];
  const require = (field: string, present: boolean): void => {
    if (!present) problems.push({ field, code: 'required', message: `${field} is required before review` });
  };

  require('description', (campaign.description ?? '').trim() !== '');
  require('perk.type', campaign.perk?.type != null);
  require('eligibility.minScore', campaign.eligibility?.minScore !== undefined);
  require('inventory.total', campaign.inventory?.total !== undefined);
  require('inventory.perUser', campaign.inventory?.perUser !== undefined);
  require('codes.mode', campaign.codes?.mode != null);
  require('schedule.startsAt', campaign.schedule?.startsAt !== undefined);
  require('schedule.endsAt', campaign.schedule?.endsAt !== undefined);
  require('claimTtlHours', campaign.claimTtlHours !== undefined);

  const total = campaign.inventory?.total;
  const poolSize = campaign.codes?.poolSize ?? 0;
  if (campaign.codes?.mode === 'pool' && total !== undefined && poolSize < total) {
    problems.push({
      field: 'codes',
      code: 'pool_too_small',
      message: `the code pool holds ${poolSize} code(s) but the stock is ${total}: upload one code per unit`,
    });
  }

  for (const error of validateCampaignDraft(campaign, now)) {
    problems.push({ field: error.field, code: 'invalid', message: error.message });
  }
  return problems;
}

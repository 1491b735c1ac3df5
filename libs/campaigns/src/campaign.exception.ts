import { exceptionFor, type ErrorTable } from '@perkrank/core';
import type { CampaignAction, CampaignState } from './rules';

/** Every error the campaigns context raises, with its HTTP kind. The filter maps kinds to statuses. */
const CODES = {
  campaign_not_found: 'not_found',
  campaign_not_editable: 'conflict',
  campaign_incomplete: 'conflict',
  campaign_funded: 'conflict',
  invalid_transition: 'conflict',
  concurrent_update: 'conflict',
  report_subject_not_found: 'not_found',
} as const satisfies ErrorTable;

export type CampaignErrorCode = keyof typeof CODES;

export class CampaignException extends exceptionFor(CODES) {
  static campaignNotFound(): CampaignException {
    return new CampaignException('campaign_not_found', 'No campaign with this id was found.');
  }

  /** Conditional writes kept losing races; safe to retry. */
  static busy(): CampaignException {
    return new CampaignException(
      'concurrent_update',
      'The campaign changed while this request ran; try again.',
    );
  }

  static invalidTransition(status: CampaignState, action: CampaignAction): CampaignException {
    return new CampaignException(
      'invalid_transition',
      `A campaign that is ${status.replace('_', ' ')} cannot take the action "${action}".`,
      { details: { status, action } },
    );
  }
}

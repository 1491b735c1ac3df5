/** Every migration, oldest first. Maintained by `npm run migration:generate -- <Name>`; never edit a landed migration. */
import { Initial1795970375441 } from './1795970375441-Initial';
import { MemberProfileAndSocialAccounts1795971211283 } from './1795971211283-MemberProfileAndSocialAccounts';
import { MemberScores1795971317649 } from './1795971317649-MemberScores';
import { Campaigns1795971974845 } from './1795971974845-Campaigns';
import { PersonalDataErasure1795972013463 } from './1795972013463-PersonalDataErasure';
import { SocialSignalsAndScoringRuns1795972612714 } from './1795972612714-SocialSignalsAndScoringRuns';
import { Claims1795973532301 } from './1795973532301-Claims';
import { Payments1795974526482 } from './1795974526482-Payments';
import { SocialAccountUserHandle1795978544220 } from './1795978544220-SocialAccountUserHandle';
import { PaymentsMatchStock1796655209269 } from './1796655209269-PaymentsMatchStock';
import { SocialHostBudgetsAndResumableSync1796655229193 } from './1796655229193-SocialHostBudgetsAndResumableSync';
import { NotificationsAndWebhooks1796655619480 } from './1796655619480-NotificationsAndWebhooks';
import { BrandInvitations1796656979130 } from './1796656979130-BrandInvitations';
import { ReadModelViews1796665663001 } from './1796665663001-ReadModelViews';
import { IdempotencyLease1796670403781 } from './1796670403781-IdempotencyLease';
import { ScoresPopulationNotify1796680000000 } from './1796680000000-ScoresPopulationNotify';
import { CampaignFeedClock1796690000000 } from './1796690000000-CampaignFeedClock';

export const migrations: Array<new () => unknown> = [
  Initial1795970375441,
  MemberProfileAndSocialAccounts1795971211283,
  MemberScores1795971317649,
  Campaigns1795971974845,
  PersonalDataErasure1795972013463,
  SocialSignalsAndScoringRuns1795972612714,
  Claims1795973532301,
  Payments1795974526482,
  SocialAccountUserHandle1795978544220,
  PaymentsMatchStock1796655209269,
  SocialHostBudgetsAndResumableSync1796655229193,
  NotificationsAndWebhooks1796655619480,
  BrandInvitations1796656979130,
  ReadModelViews1796665663001,
  IdempotencyLease1796670403781,
  ScoresPopulationNotify1796680000000,
  CampaignFeedClock1796690000000,
];

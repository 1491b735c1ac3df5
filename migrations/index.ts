/** Every migration, oldest first. Maintained by `npm run migration:generate -- <Name>`; never edit a landed migration. */
import { Initial1795970375441 } from './1795970375441-Initial';
import { MemberProfileAndSocialAccounts1795971211283 } from './1795971211283-MemberProfileAndSocialAccounts';
import { MemberScores1795971317649 } from './1795971317649-MemberScores';

export const migrations: Array<new () => unknown> = [Initial1795970375441, MemberProfileAndSocialAccounts1795971211283, MemberScores1795971317649];

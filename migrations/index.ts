/** Every migration, oldest first. Maintained by `npm run migration:generate -- <Name>`; never edit a landed migration. */
import { Initial1795970375441 } from './1795970375441-Initial';

export const migrations: Array<new () => unknown> = [Initial1795970375441];

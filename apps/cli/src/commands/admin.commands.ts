import { AdminUsersService } from '@perkrank/identity';
import { withAppContext } from './app-context';
import type { Command } from './command';

export const adminCreate: Command = {
  name: 'admin:create',
  usage: 'admin:create --email <email> --password <password> [--name <display name>]',
  summary: 'Create an admin account (or grant admin to an existing one)',
  options: {
    email: { type: 'string', value: 'email', description: 'the admin’s login email (required)' },
    password: { type: 'string', value: 'password', description: 'at least 10 characters (required)' },
    name: { type: 'string', value: 'display name', description: 'the name shown in the admin UI' },
  },
  async run({ config, logger, values }) {
    const { email, password, name } = values;
    if (typeof email !== 'string' || typeof password !== 'string') {
      process.stderr.write('admin:create needs --email and --password\n');
      return 64;
    }
    if (password.length < 10) {
      process.stderr.write('The password must be at least 10 characters long.\n');
      return 64;
    }
    const outcome = await withAppContext(config, logger, (app) =>
      app.get(AdminUsersService).ensureAdmin(email, password, typeof name === 'string' ? name : undefined),
    );
    const said = {
      created: 'Created admin',
      granted: 'Granted admin to existing account',
      exists: 'Already an admin:',
    }[outcome];
    process.stdout.write(`${said} ${email.toLowerCase()}\n`);
    return 0;
  },
};

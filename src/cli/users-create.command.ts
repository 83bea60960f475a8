import { randomBytes } from 'node:crypto';
import { Command, CommandRunner, Option } from 'nest-commander';
import { STAFF_ROLES, type StaffRole } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';

interface Options {
  email: string;
  role: StaffRole;
  password?: string;
}

@Command({ name: 'users:create', description: 'create a staff account (prints a generated password when none is given)' })
export class UsersCreateCommand extends CommandRunner {
  constructor(private readonly users: UsersService) {
    super();
  }

  async run(_args: string[], options: Options): Promise<void> {
    if (!options.email) throw new Error('--email is required');
    const password = options.password ?? process.env.APPEALS_PASSWORD ?? randomBytes(12).toString('base64url');
    if (password.length < 12) throw new Error('the password needs at least 12 characters');
    const user = await this.users.create(options.email, password, options.role ?? 'campaigner');
    console.log(`created ${user.role} ${user.email}`);
    if (!options.password && !process.env.APPEALS_PASSWORD) console.log(`password: ${password}  (shown once)`);
  }

  @Option({ flags: '-e, --email <email>', description: 'the login email', required: true })
  parseEmail(v: string) {
    return v.trim().toLowerCase();
  }

  @Option({ flags: '-r, --role <role>', description: `one of ${STAFF_ROLES.join(', ')} (default campaigner)` })
  parseRole(v: string): StaffRole {
    if (!(STAFF_ROLES as readonly string[]).includes(v)) throw new Error(`--role must be one of ${STAFF_ROLES.join(', ')}`);
    return v as StaffRole;
  }

  @Option({ flags: '-p, --password <password>', description: 'at least 12 characters (or APPEALS_PASSWORD); default: generated' })
  parsePassword(v: string) {
    return v;
  }
}

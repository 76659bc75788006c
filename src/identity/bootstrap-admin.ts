import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { MIN_PASSWORD_LENGTH } from './password-hasher';
import { passwordWeakness } from './password-strength';
import { UsersService } from './users.service';

/** Creates the configured admin (ADMIN_EMAIL / ADMIN_PASSWORD) when there is no admin yet. */
export async function ensureBootstrapAdmin(app: INestApplication, config: AppConfig, log: (line: string) => void): Promise<void> {
  if (!config.admin) return;
  const [{ count }] = await app.get(DataSource).query('SELECT count(*)::int AS count FROM users WHERE is_admin');
  if (count > 0) return;
  await app.get(UsersService).create(
    null,
    { email: config.admin.email, name: 'Administrator', password: config.admin.password.reveal(), isAdmin: true, memberships: [] },
    { weakPasswordAllowed: true }, // refused at start in production; a warning here otherwise
  );
  log(`created the admin ${config.admin.email}`);
  const weakness = passwordWeakness(config.admin.password.reveal(), [config.admin.email]);
  if (config.admin.password.reveal().length < MIN_PASSWORD_LENGTH || weakness) {
    log(`warning: ADMIN_PASSWORD is ${weakness ?? 'short'}; set a stronger one after signing in`);
  }
}

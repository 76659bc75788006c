import { INestApplication } from '@nestjs/common';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor, MembershipRole } from '../identity/access/actor';
import { UnitsService } from '../identity/units.service';
import { UsersService } from '../identity/users.service';
import { seedDemoCycle } from './demo-cycle';
import { seedDemoEffort } from './demo-effort';
import { seedDemoRetrospectives } from './demo-retrospectives';
import { seedDemoVoice } from './demo-voice';
import { generatePassword, readSecretFile, writeSecretFile } from '../database/secret-file';

const DOMAIN = 'eastbrook.example';

interface DemoUser {
  key: string;
  name: string;
  what: string;
  isAdmin?: boolean;
  memberships: Array<[unitKey: string, role: MembershipRole]>;
}

const UNITS = [
  { key: 'town', name: 'Municipality of Eastbrook', kind: 'core', code: 'EAST', parent: null },
  { key: 'school', name: 'Eastbrook Primary School', kind: 'core', code: 'EPS', parent: 'town' },
  { key: 'care', name: 'Elderly Care', kind: 'core', code: 'ELD', parent: 'town' },
  { key: 'social', name: 'Social Services', kind: 'core', code: 'SOC', parent: 'town' },
  { key: 'support', name: 'Shared Support Services', kind: 'support', code: 'SUP', parent: 'town' },
  { key: 'com', name: 'Communications', kind: 'support', code: 'COM', parent: 'support' },
  { key: 'it', name: 'IT Services', kind: 'support', code: 'IT', parent: 'support' },
  { key: 'hr', name: 'Human Resources', kind: 'support', code: 'HR', parent: 'support' },
] as const;

export const DEMO_USERS: DemoUser[] = [
  { key: 'admin', name: 'Alex Admin', what: 'admin (configuration)', isAdmin: true, memberships: [] },
  { key: 'anna', name: 'Anna Lind', what: 'requester, Eastbrook Primary School', memberships: [['school', 'requester']] },
  { key: 'bert', name: 'Bert Olsen', what: 'requester, Elderly Care', memberships: [['care', 'requester']] },
  { key: 'sara', name: 'Sara Berg', what: 'requester, Social Services', memberships: [['social', 'requester']] },
  { key: 'carla', name: 'Carla Nilsson', what: 'deliverer, Communications', memberships: [['com', 'deliverer']] },
  {
    key: 'chris',
    name: 'Chris Ek',
    what: 'manager + deliverer, Communications',
    memberships: [
      ['com', 'manager'],
      ['com', 'deliverer'],
    ],
  },
  {
    key: 'dan',
    name: 'Dan Holm',
    what: 'deliverer + manager, IT Services',
    memberships: [
      ['it', 'deliverer'],
      ['it', 'manager'],
    ],
  },
  {
    key: 'hanna',
    name: 'Hanna Sjö',
    what: 'deliverer + manager, Human Resources',
    memberships: [
      ['hr', 'deliverer'],
      ['hr', 'manager'],
    ],
  },
  {
    key: 'petra',
    name: 'Petra Dahl',
    what: 'manager + requester, Eastbrook Primary School',
    memberships: [
      ['school', 'manager'],
      ['school', 'requester'],
    ],
  },
  { key: 'maria', name: 'Maria Falk', what: 'manager, whole municipality', memberships: [['town', 'manager']] },
];

export const DEMO_LOGINS = DEMO_USERS.map((u) => ({ email: `${u.key}@${DOMAIN}`, what: u.what }));

/**
 * `complete` once the last step has run; `partial` when its first users exist but the run was
 * cut short (the process was stopped during a first start), so nothing pretends it is whole.
 */
/** A database nobody has set up yet: demo data may be loaded into it. */
export async function hasNoUnits(db: DataSource): Promise<boolean> {
  const [{ count }] = await db.query('SELECT count(*)::int AS count FROM units');
  return count === 0;
}

export async function demoDataState(db: DataSource): Promise<'none' | 'partial' | 'complete'> {
  const [row] = await db.query(
    `SELECT EXISTS (SELECT 1 FROM users WHERE email = $1) AS started,
            EXISTS (SELECT 1 FROM audit_events WHERE action = 'demo.loaded' AND entity = 'system')
              -- demo data loaded before the marker existed: its retrospectives came last
              OR EXISTS (SELECT 1 FROM retrospectives) AS finished`,
    [`admin@${DOMAIN}`],
  );
  return row.finished ? 'complete' : row.started ? 'partial' : 'none';
}

/** Where the demo logins' password is kept: in DATA_DIR, readable by its owner only. */
export function demoPasswordFile(dataDir: string): string {
  return join(dataDir, 'demo-password');
}

/**
 * The demo logins' password, generated on first use (never a fixed, published one) and kept
 * in DATA_DIR/demo-password (0600). Demo users already in the database when there is no file
 * (an older version's published password, or a lost file) are given the new password.
 */
export async function demoPassword(app: INestApplication, dataDir: string, log: (line: string) => void): Promise<string> {
  const file = demoPasswordFile(dataDir);
  const existing = readSecretFile(file);
  if (existing !== null) return existing;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const password = generatePassword();
  writeSecretFile(file, password);
  const users: Array<{ id: string }> = await app
    .get(DataSource)
    .query('SELECT id FROM users WHERE email = ANY($1)', [DEMO_LOGINS.map((l) => l.email)]);
  if (users.length) log(`demo data: ${users.length} demo users get the new password in ${file}`);
  for (const user of users) await app.get(UsersService).update(systemActor(), user.id, { password });
  return password;
}

export interface DemoWorld {
  units: Record<string, string>;
  users: Record<string, Actor>;
}

/** A small municipality, its people, services and orders across the whole cycle. */
export async function seedDemo(app: INestApplication, password: string, log: (line: string) => void): Promise<void> {
  const started = Date.now();
  const unitsService = app.get(UnitsService);
  const usersService = app.get(UsersService);
  const system = systemActor();

  log('demo data: units');
  const units: Record<string, string> = {};
  for (const unit of UNITS) {
    const created = await unitsService.create(system, {
      name: unit.name,
      kind: unit.kind,
      code: unit.code,
      parentId: unit.parent ? units[unit.parent] : undefined,
    });
    units[unit.key] = created.id;
  }

  log(`demo data: ${DEMO_USERS.length} users`);
  const users: Record<string, Actor> = {};
  for (const u of DEMO_USERS) {
    const memberships = u.memberships.map(([unitKey, role]) => ({ unitId: units[unitKey], role }));
    const created = await usersService.create(system, {
      email: `${u.key}@${DOMAIN}`,
      name: u.name,
      password,
      isAdmin: u.isAdmin ?? false,
      memberships,
    });
    users[u.key] = {
      userId: created.id,
      email: created.email,
      name: created.name,
      isAdmin: created.isAdmin,
      memberships,
      memberUnitIds: memberships.map((m) => m.unitId),
      managedUnitIds: [],
      sessionId: 'seed',
      via: 'bearer',
      language: null,
    };
  }

  const orders = await seedDemoCycle(app, { units, users }, log);
  await seedDemoRetrospectives(app, { units, users }, orders, log);
  await seedDemoEffort(app, { units, users }, system, log);
  await seedDemoVoice(app, { units, users }, log);
  // The last write: its presence says the demo is whole.
  await app
    .get(DataSource)
    .transaction((m) =>
      app
        .get(AuditService)
        .record(m, { actorId: null, action: 'demo.loaded', entity: 'system', entityId: null, after: { users: DEMO_USERS.length } }),
    );
  log(`demo data loaded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function systemActor(): Actor {
  return {
    userId: '00000000-0000-0000-0000-000000000000',
    email: 'system',
    name: 'System',
    isAdmin: true,
    memberships: [],
    memberUnitIds: [],
    managedUnitIds: [],
    sessionId: 'seed',
    via: 'bearer',
    language: null,
  };
}

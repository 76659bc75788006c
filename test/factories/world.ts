import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { Question } from '../../src/catalog/domain/question';
import { CatalogService } from '../../src/catalog/catalog.service';
import type { Actor, MembershipRole } from '../../src/identity/access/actor';
import { SessionService } from '../../src/identity/session.service';
import { UnitsService } from '../../src/identity/units.service';
import { UsersService } from '../../src/identity/users.service';
import type { TestApp } from '../support/test-app';

export interface TestUser {
  id: string;
  email: string;
  token: string;
  actor: Actor;
}

export interface TestUnit {
  id: string;
  name: string;
  code: string;
}

const SYSTEM: Actor = {
  userId: '00000000-0000-0000-0000-000000000000',
  email: 'system',
  name: 'Test setup',
  isAdmin: true,
  memberships: [],
  memberUnitIds: [],
  managedUnitIds: [],
  sessionId: 'test',
  via: 'bearer',
  language: null,
};

let counter = 0;
function unique(prefix: string): string {
  return `${prefix}-${process.pid}-${++counter}-${randomBytes(2).toString('hex')}`;
}

function letters(n: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  return Array.from(randomBytes(n), (b) => alphabet[b % 26]).join('');
}

/**
 * Builds the organisation a test needs through the application's own services, so a test
 * reads as its scenario: `const school = await w.aUnit('core')`, `await w.aRequester(school)`.
 */
export class World {
  constructor(readonly t: TestApp) {}

  async aUnit(kind: 'core' | 'support', options: { parent?: TestUnit; name?: string; code?: string } = {}): Promise<TestUnit> {
    const unit = await this.t.app.get(UnitsService).create(SYSTEM, {
      name: options.name ?? unique(kind === 'core' ? 'School' : 'Support'),
      kind,
      parentId: options.parent?.id,
      code: options.code ?? letters(4),
    });
    return { id: unit.id, name: unit.name, code: unit.code };
  }

  async aUser(
    memberships: Array<[TestUnit, MembershipRole]>,
    options: { isAdmin?: boolean; password?: string; email?: string } = {},
  ): Promise<TestUser> {
    const created = await this.t.app.get(UsersService).create(SYSTEM, {
      email: options.email ?? `${unique('user')}@test.example`,
      name: 'Test User',
      password: options.password,
      isAdmin: options.isAdmin ?? false,
      memberships: memberships.map(([unit, role]) => ({ unitId: unit.id, role })),
    });
    const { token } = await this.t.db.transaction((m) => this.t.app.get(SessionService).create(m, created.id, 'password', {}));
    const actor = await this.t.app.get(SessionService).authenticate(token, 'bearer');
    return { id: created.id, email: created.email, token, actor: actor! };
  }

  aRequester(unit: TestUnit): Promise<TestUser> {
    return this.aUser([[unit, 'requester']]);
  }

  aDeliverer(unit: TestUnit): Promise<TestUser> {
    return this.aUser([[unit, 'deliverer']]);
  }

  aManager(unit: TestUnit): Promise<TestUser> {
    return this.aUser([[unit, 'manager']]);
  }

  anAdmin(): Promise<TestUser> {
    return this.aUser([], { isAdmin: true });
  }

  /** A service of a support unit with a published questionnaire. */
  async aService(supportUnit: TestUnit, questions: Question[] = [], options: { name?: string; leadTimeDays?: number } = {}) {
    const catalog = this.t.app.get(CatalogService);
    const service = await catalog.create(SYSTEM, {
      supportUnitId: supportUnit.id,
      name: options.name ?? unique('Service'),
      description: 'A service for tests',
      targetLeadTimeDays: options.leadTimeDays ?? 5,
    });
    const draft = await catalog.createDraft(SYSTEM, service.id, questions);
    const published = await catalog.publish(SYSTEM, service.id, draft.id);
    return { ...service, questionnaireId: published.id };
  }

  /** Supertest with the user's bearer token. */
  as(user: TestUser | null) {
    const http = this.t.http;
    const auth = (r: request.Test) => (user ? r.set('Authorization', `Bearer ${user.token}`) : r);
    return {
      get: (path: string) => auth(request(http).get(path)),
      post: (path: string, body?: object) => auth(request(http).post(path)).send(body ?? {}),
      patch: (path: string, body?: object) => auth(request(http).patch(path)).send(body ?? {}),
      put: (path: string, body?: object) => auth(request(http).put(path)).send(body ?? {}),
      delete: (path: string) => auth(request(http).delete(path)),
    };
  }
}

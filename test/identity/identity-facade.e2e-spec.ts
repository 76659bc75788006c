import { IdentityFacade } from '../../src/identity/identity.facade';
import { World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';

describe('IdentityFacade: what other modules may ask identity', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
  });
  afterAll(() => t.close());

  it('answers membership, members of a unit with a role, contacts and units, leaving out deactivated users', async () => {
    const identity = t.app.get(IdentityFacade);
    const unit = await w.aUnit('support');
    const [a, b, requester] = await Promise.all([w.aDeliverer(unit), w.aDeliverer(unit), w.aRequester(unit)]);
    await t.db.query('UPDATE users SET active = false WHERE id = $1', [b.id]);

    expect(await identity.isActiveMember(a.id, unit.id, 'deliverer')).toBe(true);
    expect(await identity.isActiveMember(b.id, unit.id, 'deliverer')).toBe(false); // deactivated
    expect(await identity.isActiveMember(requester.id, unit.id, 'deliverer')).toBe(false); // other role
    expect(await identity.membersOf(unit.id, 'deliverer')).toEqual([a.id]);
    expect(await identity.membersOf(unit.id, 'requester')).toEqual([requester.id]);
    expect(await identity.contactOf(a.id)).toEqual({ email: a.email, name: 'Test User', language: 'en' });
    expect(await identity.contactOf('00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(await identity.unit(unit.id)).toEqual({ id: unit.id, name: unit.name, code: unit.code, kind: 'support' });
  });
});

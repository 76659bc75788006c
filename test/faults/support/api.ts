import { ADMIN } from './app-process';

export interface Answer {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of many shapes; each scenario reads what it needs
  body: any;
  ms: number;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/** JSON over HTTP to one base URL (an app instance, or the test's proxy in front of two). */
export class Api {
  constructor(readonly baseUrl: string) {}

  async call(method: string, path: string, options: CallOptions = {}): Promise<Answer> {
    const started = Date.now();
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(this.baseUrl + path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: kept as text for the assertion message
    }
    return { status: res.status, headers: res.headers, body, ms: Date.now() - started };
  }

  async expect(status: number, method: string, path: string, options: CallOptions = {}): Promise<Answer> {
    const answer = await this.call(method, path, options);
    if (answer.status !== status) {
      throw new Error(`${method} ${path}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    return answer;
  }
}

export interface User {
  id: string;
  email: string;
  password: string;
  token: string;
}

export interface Organisation {
  admin: User;
  school: { id: string };
  /** One support unit a lane of load: its service, its deliverer. */
  lanes: Array<{ supportUnitId: string; code: string; serviceId: string; deliverer: User }>;
  requesters: User[];
}

let serial = 0;

/**
 * The organisation a load needs, made over the API as the bootstrap admin: a school with
 * `requesters` requesters, and `lanes` support units each with a deliverer and a service
 * whose questionnaire asks one question (so an accepted order has a checklist of its answer).
 */
export async function anOrganisation(api: Api, options: { requesters: number; lanes: number }): Promise<Organisation> {
  const run = `${process.pid}${++serial}`;
  const admin = await signIn(api, ADMIN.email, ADMIN.password);
  const school = (await api.expect(201, 'POST', '/api/v1/units', { token: admin.token, body: { name: `School ${run}`, kind: 'core' } }))
    .body;
  const codes = ['COM', 'ITS', 'HRS', 'FIN', 'FAC'].slice(0, options.lanes);
  const lanes: Organisation['lanes'] = [];
  for (const code of codes) {
    const unit = (
      await api.expect(201, 'POST', '/api/v1/units', {
        token: admin.token,
        body: { name: `Support ${code} ${run}`, kind: 'support', code },
      })
    ).body;
    const service = (
      await api.expect(201, 'POST', '/api/v1/services', {
        token: admin.token,
        body: { supportUnitId: unit.id, name: `Flyers ${code}`, description: 'Printed flyers', targetLeadTimeDays: 5 },
      })
    ).body;
    const draft = (
      await api.expect(201, 'POST', `/api/v1/services/${service.id}/questionnaires`, {
        token: admin.token,
        body: { questions: [{ key: 'audience', type: 'text', label: 'Who reads it', required: true }] },
      })
    ).body;
    const published = await api.call('POST', `/api/v1/services/${service.id}/questionnaires/${draft.id}/publish`, { token: admin.token });
    if (published.status >= 300) throw new Error(`publish: ${published.status} ${JSON.stringify(published.body)}`);
    const deliverer = await aUser(api, admin, `deliverer-${code.toLowerCase()}-${run}`, [{ unitId: unit.id, role: 'deliverer' }]);
    lanes.push({ supportUnitId: unit.id, code, serviceId: service.id, deliverer });
  }
  const requesters: User[] = [];
  for (let i = 0; i < options.requesters; i++) {
    requesters.push(await aUser(api, admin, `requester-${i}-${run}`, [{ unitId: school.id, role: 'requester' }]));
  }
  return { admin, school, lanes, requesters };
}

async function aUser(api: Api, admin: User, local: string, memberships: Array<{ unitId: string; role: string }>): Promise<User> {
  const email = `${local}@test.example`;
  const password = `Pw-${local}-kT9v-Lm42-plover`;
  await api.expect(201, 'POST', '/api/v1/users', { token: admin.token, body: { email, name: local, password, memberships } });
  return signIn(api, email, password);
}

export async function signIn(api: Api, email: string, password: string, headers: Record<string, string> = {}): Promise<User> {
  const answer = await api.expect(200, 'POST', '/api/v1/auth/login', { body: { email, password }, headers });
  return { id: answer.body.user.id, email, password, token: answer.body.token };
}

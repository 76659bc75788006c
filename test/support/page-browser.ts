import request from 'supertest';
import type { TestUser } from '../factories/world';
import type { TestApp } from './test-app';

export const PAGE_PASSWORD = 'correct horse battery';

/** A browser-like session over HTTP: cookies kept, each page's CSRF token read from its forms. */
export class PageBrowser {
  private cookies: string[] = [];
  csrf = '';
  constructor(private readonly t: TestApp) {}

  private keep(res: request.Response): request.Response {
    for (const c of ([] as string[]).concat(res.headers['set-cookie'] ?? [])) {
      const pair = c.split(';')[0];
      const name = pair.split('=')[0];
      this.cookies = [...this.cookies.filter((k) => k.split('=')[0] !== name), pair];
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(res.text ?? '')?.[1];
    if (token) this.csrf = token;
    return res;
  }

  async get(path: string, language = 'en'): Promise<request.Response> {
    return this.keep(await request(this.t.http).get(path).set('Cookie', this.cookies).set('Accept-Language', language));
  }

  async post(path: string, form: Record<string, string | string[]>, language = 'en'): Promise<request.Response> {
    return this.keep(
      await request(this.t.http)
        .post(path)
        .type('form')
        .set('Cookie', this.cookies)
        .set('Accept-Language', language)
        .send({ _csrf: this.csrf, ...form }),
    );
  }

  /** Signs in with the form; the user must have been made with PAGE_PASSWORD. */
  async signIn(user: TestUser): Promise<this> {
    await this.get('/sign-in');
    const res = await this.post('/sign-in', { email: user.email, password: PAGE_PASSWORD });
    if (res.status !== 303) throw new Error(`sign-in answered ${res.status}`);
    return this;
  }
}

import type { Response } from 'express';
import { loadConfig } from '../../config/app-config';
import { AssetsService } from '../assets/assets.service';
import type { PageRequest } from '../http/page-request';
import { PageErrors } from './page-errors';
import { PageRenderer } from './page-renderer';

/** A response that records what the error page sent. */
function fakeResponse() {
  const sent: { status?: number; body?: string; location?: string; headers: Record<string, string> } = { headers: {} };
  const res = {
    status(code: number) {
      sent.status = code;
      return res;
    },
    setHeader(name: string, value: string) {
      sent.headers[name.toLowerCase()] = value;
      return res;
    },
    type(value: string) {
      sent.headers['content-type'] = value;
      return res;
    },
    send(body: string) {
      sent.body = body;
      return res;
    },
    cookie() {
      return res;
    },
    redirect(status: number, location: string) {
      sent.status = status;
      sent.location = location;
    },
  };
  return { res: res as unknown as Response, sent };
}

function fakeRequest(path: string, method = 'GET', headers: Record<string, string> = {}): PageRequest {
  return { path, originalUrl: path, method, headers, cookies: {} } as unknown as PageRequest;
}

describe('HTML error pages', () => {
  const errors = new PageErrors(new PageRenderer(new AssetsService(), loadConfig({ NODE_ENV: 'test' })));
  const problem = (status: number, extra: Record<string, unknown> = {}) => ({
    type: 'x',
    title: 'x',
    status,
    detail: 'internal detail: relation "orders" at /srv/app.js:12',
    ...extra,
  });

  it('decides by path: /api and /health are never pages', () => {
    expect(errors.handles(fakeRequest('/orders/1'))).toBe(true);
    expect(errors.handles(fakeRequest('/'))).toBe(true);
    expect(errors.handles(fakeRequest('/api/v1/orders'))).toBe(false);
    expect(errors.handles(fakeRequest('/api'))).toBe(false);
    expect(errors.handles(fakeRequest('/health/ready'))).toBe(false);
  });

  it('answers 500 with a friendly page and the request id, never the detail', () => {
    const { res, sent } = fakeResponse();
    errors.render(problem(500, { requestId: 'req-42' }), undefined, fakeRequest('/orders'), res);
    expect(sent.status).toBe(500);
    expect(sent.body).toContain('Sorry, there is a problem with the service');
    expect(sent.body).toContain('req-42');
    expect(sent.body).not.toContain('internal detail');
  });

  it('sends a signed-out reader to sign-in and back; after a post, back to the page it came from', () => {
    const get = fakeResponse();
    errors.render(problem(401), 'unauthenticated', fakeRequest('/orders/1?x=1'), get.res);
    expect(get.sent).toMatchObject({ status: 303, location: '/sign-in?next=%2Forders%2F1%3Fx%3D1' });
    const post = fakeResponse();
    errors.render(
      problem(401),
      'unauthenticated',
      fakeRequest('/orders/1/cancel', 'POST', { referer: 'http://h/orders/1', host: 'h' }),
      post.res,
    );
    expect(post.sent.location).toBe('/sign-in?next=%2Forders%2F1');
    const foreign = fakeResponse();
    errors.render(problem(401), 'unauthenticated', fakeRequest('/x', 'POST', { referer: 'http://evil/y', host: 'h' }), foreign.res);
    expect(foreign.sent.location).toBe('/sign-in');
  });

  it('gives a stale order the 409 page with a link to its latest version, in the reader’s language', () => {
    const id = '0b8f9a4e-3c1d-4d0e-9a63-0f5f2c1b7e11';
    const { res, sent } = fakeResponse();
    errors.render(problem(409), 'stale_version', fakeRequest(`/orders/${id}/keep`, 'POST', { 'accept-language': 'fi' }), res);
    expect(sent.status).toBe(409);
    expect(sent.body).toContain('Joku muutti tätä tilausta');
    expect(sent.body).toContain(`href="/orders/${id}"`);
  });
});

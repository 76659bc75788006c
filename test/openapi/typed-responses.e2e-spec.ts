import request from 'supertest';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The routes of identity, catalog, notifications, insights and health answer with a documented
 * body: each success status names its content and schema (JSON through a response class, CSV
 * and SVG by their media types), so the contract check validates every field they send;
 * 204 and the single sign-on redirects document none.
 */
const MODULE_PATHS = /^\/(api\/v1\/(auth|me|users|units|services|notifications|webhooks|admin\/mails|reports)|health)(\/|$)/;

interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string; type?: string } }> }>;
}

describe('typed responses of identity, catalog, notifications, insights and health', () => {
  let t: TestApp;
  let paths: Record<string, Record<string, Operation>>;

  beforeAll(async () => {
    t = await startTestApp();
    paths = (await request(t.http).get('/api/docs-json').expect(200)).body.paths;
  });
  afterAll(() => t?.close());

  function successes(): Array<{ route: string; status: string; content: Operation['responses'][string]['content'] }> {
    return Object.entries(paths)
      .filter(([path]) => MODULE_PATHS.test(path))
      .flatMap(([path, item]) =>
        Object.entries(item).flatMap(([method, op]) =>
          Object.entries(op.responses)
            .filter(([status]) => /^[23]/.test(status))
            .map(([status, answer]) => ({ route: `${method.toUpperCase()} ${path}`, status, content: answer.content })),
        ),
      );
  }

  it('gives every success with a body a schema, and 204 and redirects none', () => {
    const answers = successes();
    expect(answers.length).toBeGreaterThanOrEqual(38);
    const untyped = answers
      .filter(({ status, content }) => {
        if (status === '204' || status === '302') return content !== undefined;
        const media = Object.entries(content ?? {});
        return media.length === 0 || media.some(([type, { schema }]) => !schema || (type === 'application/json' && !schema.$ref));
      })
      .map(({ route, status }) => `${route} ${status}`);
    expect(untyped).toEqual([]);
  });

  it('documents the exports by their media types', () => {
    const types = (route: string) => Object.keys(successes().find((a) => a.route === route)?.content ?? {});
    expect(types('GET /api/v1/reports/feedback-loop.csv')).toEqual(['text/csv']);
    expect(types('GET /api/v1/reports/feedback-loop.svg')).toEqual(['image/svg+xml']);
  });

  it('documents lists as pages of their items', () => {
    const listed = successes().filter(({ route }) =>
      [
        'GET /api/v1/users',
        'GET /api/v1/units',
        'GET /api/v1/services',
        'GET /api/v1/me/sessions',
        'GET /api/v1/webhooks',
        'GET /api/v1/admin/mails',
      ].includes(route),
    );
    expect(listed.map(({ content }) => content?.['application/json']?.schema?.$ref)).toEqual(
      listed.map(() => expect.stringMatching(/^#\/components\/schemas\/\w+ResponsePage$/)),
    );
    expect(listed).toHaveLength(6);
  });
});

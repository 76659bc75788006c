import * as client from 'openid-client';
// eslint-disable-next-line @typescript-eslint/ban-ts-comment
// @ts-ignore
import Provider from 'oidc-provider';

it('loads', () => {
  expect(typeof client.discovery).toBe('function');
  expect(typeof Provider).toBe('function');
});

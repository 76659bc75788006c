import { Writable } from 'node:stream';
import { createRootLogger } from './logger';

describe('the root logger', () => {
  it('redacts passwords, tokens and secrets at the top of a line and one level down', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createRootLogger({ log: { level: 'info', pretty: false } }, sink);
    logger.info({ password: 'hunter2-top', token: 'tok-top', user: { password: 'hunter2-nested', csrfToken: 'csrf-nested' } }, 'sign-in');
    logger.info({ webhook: { secret: 'whsec-nested' }, secret: 'whsec-top' }, 'webhook');
    const written = lines.join('');
    for (const secret of ['hunter2-top', 'tok-top', 'hunter2-nested', 'csrf-nested', 'whsec-nested', 'whsec-top']) {
      expect(written).not.toContain(secret);
    }
    expect(written).toContain('[redacted]');
  });
});

import fc from 'fast-check';
import {
  admission,
  afterFailure,
  afterSuccess,
  BreakerState,
  CLOSED,
  mailRetryDelayMs,
  probeTaken,
  smtpFailureIsTransport,
  webhookFailureIsTransport,
  webhookTarget,
} from './delivery-breaker';

const settings = { failures: 3, probeMs: 1000, maxProbeMs: 8000 };
const at = (ms: number) => new Date(ms);

describe('the delivery breaker', () => {
  it('stays closed below the threshold, opens at it, and says so once', () => {
    let b: BreakerState = CLOSED;
    const opened: boolean[] = [];
    for (let i = 0; i < 3; i++) {
      const r = afterFailure(b, 'ECONNREFUSED', at(i), settings);
      b = r.next;
      opened.push(r.opened);
    }
    expect(opened).toEqual([false, false, true]);
    expect(b).toMatchObject({ state: 'open', consecutiveFailures: 3, probeIntervalMs: 1000, openedAt: at(2), nextProbeAt: at(1002) });
    expect(admission(b, at(1001))).toBe('wait');
    expect(admission(b, at(1002))).toBe('probe');
  });

  it('doubles the pause after each failed probe up to the cap, and a probe that gets through closes it', () => {
    let b = afterFailure(
      afterFailure(afterFailure(CLOSED, 'x', at(0), settings).next, 'x', at(0), settings).next,
      'x',
      at(0),
      settings,
    ).next;
    const pauses: number[] = [];
    let now = 0;
    for (let i = 0; i < 6; i++) {
      now = b.nextProbeAt!.getTime();
      b = probeTaken(b, at(now));
      expect(admission(b, at(now))).toBe('wait'); // one probe at a time
      const r = afterFailure(b, 'x', at(now), settings);
      expect(r.opened).toBe(false);
      b = r.next;
      pauses.push(b.probeIntervalMs);
    }
    expect(pauses).toEqual([2000, 4000, 8000, 8000, 8000, 8000]);
    expect(b.openedAt).toEqual(at(0));
    const closed = afterSuccess(b);
    expect(closed).toEqual({ next: CLOSED, closed: true });
    expect(afterSuccess(CLOSED).closed).toBe(false);
    expect(admission(CLOSED, at(now))).toBe('deliver');
  });

  it('never tries more often than one attempt per first pause while open, whatever the settings', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 100, max: 60_000 }),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 60 }),
        (failures, probeMs, factor, rounds) => {
          const s = { failures, probeMs, maxProbeMs: probeMs * factor };
          let b: BreakerState = CLOSED;
          for (let i = 0; i < failures; i++) b = afterFailure(b, 'x', at(0), s).next;
          expect(b.state).toBe('open');
          let last = 0;
          for (let i = 0; i < rounds; i++) {
            const now = b.nextProbeAt!.getTime();
            expect(now - last).toBeGreaterThanOrEqual(probeMs);
            expect(b.probeIntervalMs).toBeLessThanOrEqual(s.maxProbeMs);
            last = now;
            b = afterFailure(probeTaken(b, at(now)), 'x', at(now), s).next;
          }
        },
      ),
    );
  });

  it('tells a transport failure from a mail the server refused', () => {
    expect(smtpFailureIsTransport({ code: 'ESOCKET', message: 'connect ECONNREFUSED' })).toBe(true);
    expect(smtpFailureIsTransport({ code: 'ETIMEDOUT' })).toBe(true);
    expect(smtpFailureIsTransport({ code: 'EAUTH', responseCode: 535 })).toBe(true);
    expect(smtpFailureIsTransport({ code: 'EENVELOPE', responseCode: 421 })).toBe(true);
    expect(smtpFailureIsTransport({ code: 'EENVELOPE', responseCode: 550 })).toBe(false);
    expect(smtpFailureIsTransport({ code: 'EMESSAGE', responseCode: 452 })).toBe(false);
    expect(smtpFailureIsTransport(new Error('odd'))).toBe(false);
    expect(webhookFailureIsTransport(null)).toBe(true);
    expect(webhookFailureIsTransport(503)).toBe(false);
    expect(webhookFailureIsTransport(500)).toBe(false);
  });

  it('keys a webhook breaker by scheme, host and port only', () => {
    expect(webhookTarget('https://user:pw@hooks.example.org/a/b?c=1')).toBe('https://hooks.example.org');
    expect(webhookTarget('http://127.0.0.1:8080/x')).toBe('http://127.0.0.1:8080');
    expect(webhookTarget('not a url')).toBe('invalid');
  });

  it('waits 30 s before retrying a refused mail, doubling', () => {
    expect([1, 2, 3, 6].map(mailRetryDelayMs)).toEqual([30_000, 60_000, 120_000, 960_000]);
  });
});

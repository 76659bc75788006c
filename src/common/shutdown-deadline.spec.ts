import { resetShutdownClock, shutdownTimeLeft, startShutdownClock } from './shutdown-deadline';

describe('the shutdown deadline', () => {
  afterEach(() => resetShutdownClock());

  it('is the configured timeout before any signal', () => {
    expect(shutdownTimeLeft(10_000, 5_000)).toBe(10_000);
  });

  it('counts down from the signal, and a later start does not extend it', () => {
    startShutdownClock(10_000, 1_000);
    expect(shutdownTimeLeft(10_000, 4_000)).toBe(7_000);
    startShutdownClock(10_000, 4_000);
    expect(shutdownTimeLeft(10_000, 9_000)).toBe(2_000);
    expect(shutdownTimeLeft(10_000, 12_000)).toBe(0);
  });
});

import autocannon from 'autocannon';

/** One autocannon run: every response's time (autocannon's own percentiles have no p95) and the errors. */
export async function load(
  url: string,
  requests: autocannon.Request[],
  connections: number,
  duration: number,
): Promise<{ times: number[]; errors: number }> {
  const times: number[] = [];
  let errors = 0;
  // Without a callback autocannon returns its instance, an emitter that is also a promise of the result.
  const instance = autocannon({ url, connections, duration, requests }) as unknown as autocannon.Instance & Promise<autocannon.Result>;
  instance.on('response', (_client: unknown, status: number, _bytes: number, time: number) => {
    times.push(time);
    if (status >= 400) errors++;
  });
  const result = await instance;
  return { times, errors: errors + result.errors };
}

/** The `p` quantile (0–1) of times sorted ascending; NaN for none. */
export function quantile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : NaN;
}

/** `--name value` or `--name=value`. */
export function argValue(argv: string[], name: string): string | undefined {
  const i = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return undefined;
  return argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
}

/** Waits until `url` answers 200 to the bearer `token`, at most 60 s. */
export async function waitFor(url: string, token: string): Promise<void> {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    try {
      const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer 200 within 60 s`);
}

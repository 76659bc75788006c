/** The figures a scenario measured, printed as plain lines (not Jest's console with its stack). */
export function figures(scenario: string, lines: Record<string, string | number>): void {
  const width = Math.max(...Object.keys(lines).map((k) => k.length));
  const text = Object.entries(lines)
    .map(([k, v]) => `  ${k.padEnd(width)}  ${v}`)
    .join('\n');
  process.stdout.write(`\n[faults] ${scenario}\n${text}\n`);
}

export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000, everyMs = 50): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return Date.now() - started;
}

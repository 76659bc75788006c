import sparticuz from '@sparticuz/chromium';
import { Browser, chromium } from 'playwright-core';

/**
 * The Chromium the browser tests drive: `CHROMIUM_PATH` when set (e.g. /usr/bin/chromium),
 * else the one packed in @sparticuz/chromium (unpacked into the temp folder once), so
 * `npm test` needs nothing installed.
 */
export async function chromiumPath(): Promise<string> {
  return process.env.CHROMIUM_PATH || (await sparticuz.executablePath());
}

/** Headless, and quiet: no sandbox (tests may run as root), no GPU, no calls home. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: await chromiumPath(), args: CHROMIUM_ARGS, headless: true });
}

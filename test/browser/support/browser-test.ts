/// <reference lib="dom" />
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { Language } from '../../../src/common/language';
import { World } from '../../factories/world';
import { startTestApp, TestApp } from '../../support/test-app';
import { launchChromium } from './chromium';

/** WCAG 2.2 AA as axe knows it; a page in any state a test reaches must have no violation. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Screenshots for the user guide go to docs/screenshots when SCREENSHOTS=docs (then commit
 * them); otherwise to .data/screenshots, so a plain `npm test` leaves the tree clean.
 */
const SCREENSHOT_DIR =
  process.env.SCREENSHOTS === 'docs' ? join(__dirname, '../../../docs/screenshots') : join(__dirname, '../../../.data/screenshots');

/**
 * One application (own database, a free port) and one Chromium for a test file. Use
 * `await BrowserTest.start()` in beforeAll and `close()` in afterAll.
 */
export class BrowserTest {
  readonly w: World;
  private constructor(
    readonly t: TestApp,
    readonly baseUrl: string,
    readonly browser: Browser,
  ) {
    this.w = new World(t);
  }

  static async start(env: Record<string, string> = {}): Promise<BrowserTest> {
    const t = await startTestApp(env);
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const browser = await launchChromium();
    return new BrowserTest(t, `http://127.0.0.1:${port}`, browser);
  }

  /** A fresh browser profile (no cookies) reading pages in `language`, with or without JavaScript. */
  async visitor(options: { language?: Language; javaScript?: boolean } = {}): Promise<Visitor> {
    const language = options.language ?? 'en';
    const context = await this.browser.newContext({
      baseURL: this.baseUrl,
      locale: { en: 'en-GB', fi: 'fi-FI', sv: 'sv-FI' }[language],
      extraHTTPHeaders: { 'Accept-Language': language },
      javaScriptEnabled: options.javaScript ?? true,
      viewport: { width: 1100, height: 900 },
    });
    return new Visitor(context, await context.newPage(), this.audited, options.javaScript === false ? this.browser : null);
  }

  /** Page states already checked with axe in this file (see Visitor.audit). */
  private readonly audited = new Set<string>();

  async close(): Promise<void> {
    await this.browser.close();
    await this.t.close();
  }
}

/**
 * A person at a browser. Every page load is checked with axe: navigate with `goto`, or with
 * `follow(action)` around a click that loads a page, and call `audit(state)` for a state
 * reached without a load (a revealed question). `done()` fails when a load went unchecked.
 */
export class Visitor {
  private loads = 0;
  private audited = 0;
  readonly checkedPages: string[] = [];

  constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly seen: Set<string> = new Set(),
    /** Without JavaScript axe cannot run in the page itself: it runs on a copy of the markup. */
    private readonly copyBrowser: Browser | null = null,
  ) {
    page.on('load', () => this.loads++);
  }

  async goto(path: string): Promise<void> {
    await this.page.goto(path);
    await this.audit();
  }

  /** Runs `action` (a click or a key that submits or follows a link) and audits the page it loads. */
  async follow(action: () => Promise<unknown>): Promise<void> {
    await Promise.all([this.page.waitForEvent('load'), action()]);
    await this.audit();
  }

  async click(target: Locator): Promise<void> {
    await this.follow(() => target.click());
  }

  /**
   * axe with the WCAG 2.2 AA tags on the page as it is now; fails with a readable list. A page
   * state is checked once a file: the same path (ids aside), `<main data-state>`, `state`
   * label and error summary (shown or not) is the same template with other data or another
   * language's text (axe takes a second or two a page, and the suite must stay fast).
   */
  async audit(state = ''): Promise<void> {
    const url = new URL(this.page.url());
    const shape = await this.page.evaluate(() => ({
      main: document.querySelector('main')?.getAttribute('data-state') ?? '',
      errors: Boolean(document.querySelector('.govuk-error-summary')),
    }));
    const path = url.pathname.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ':id');
    const where = `${path}${shape.main ? ` (${shape.main})` : ''}${state ? ` [${state}]` : ''}${shape.errors ? ' [errors]' : ''}`;
    if (!this.seen.has(where)) {
      const started = Date.now();
      const result = await new AxeBuilder({ page: await this.pageToAudit() }).withTags(AXE_TAGS).analyze();
      if (process.env.AXE_TIMING) console.log(`axe ${Date.now() - started} ms ${where}`);
      const violations = result.violations.map(
        (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
      );
      if (violations.length) throw new Error(`axe found WCAG violations on ${where}:\n${violations.join('\n')}`);
      this.seen.add(where);
    }
    this.checkedPages.push(where);
    this.audited = this.loads;
  }

  private copyPage: Page | null = null;

  /** The page itself, or (JavaScript off) a scripting page holding its markup without scripts, styled the same. */
  private async pageToAudit(): Promise<Page> {
    if (!this.copyBrowser) return this.page;
    this.copyPage ??= await this.copyBrowser.newPage({ viewport: { width: 1100, height: 900 } });
    const origin = new URL(this.page.url()).origin;
    const html = (await this.page.content())
      .replace(/<script\b[\s\S]*?<\/script>/g, '')
      .replace('<head>', `<head><base href="${origin}/">`);
    await this.copyPage.setContent(html, { waitUntil: 'load' });
    return this.copyPage;
  }

  /** Every page load was audited. */
  done(): void {
    if (this.audited !== this.loads) throw new Error(`a page load was not checked with axe (after ${this.checkedPages.at(-1)})`);
  }

  async signIn(email: string, password: string): Promise<void> {
    await this.goto('/sign-in');
    await this.page.getByLabel(/Email|Sähköposti|E-post/).fill(email);
    await this.page.locator('#password').fill(password);
    await this.follow(() => this.page.locator('form[action="/sign-in"] button[type=submit]').click());
  }

  /** Uses the switch in the header, as a reader would. */
  async switchLanguage(language: Language): Promise<void> {
    await this.follow(() => this.page.locator(`button[name=language][value=${language}]`).click());
  }

  async lang(): Promise<string | null> {
    return this.page.locator('html').getAttribute('lang');
  }

  /** The focused element, described for assertions (`tag#id.class "text"`). */
  async focused(): Promise<{ tag: string; id: string; classes: string; text: string } | null> {
    return this.page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      return {
        tag: el.tagName.toLowerCase(),
        id: el.id,
        classes: el.className,
        text: (el.innerText || el.getAttribute('value') || '').trim().slice(0, 60),
      };
    });
  }

  /** After a form error, focus is on the error summary (govuk-frontend moves it there). */
  async expectFocusOnErrorSummary(): Promise<void> {
    await this.page.waitForFunction(() => document.activeElement?.classList.contains('govuk-error-summary'), null, { timeout: 5000 });
  }

  /** The focused element shows where it is: an outline or the focus box-shadow, not the browser default alone. */
  async expectVisibleFocus(): Promise<void> {
    const style = await this.page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      // govuk radios and checkboxes hide the native input and draw it, and its focus ring, on the label.
      const drawn = el.matches('.govuk-radios__input, .govuk-checkboxes__input') ? el.nextElementSibling : null;
      const s = drawn ? getComputedStyle(drawn, '::before') : getComputedStyle(el);
      return { outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2, shadow: s.boxShadow !== 'none', tag: el.tagName };
    });
    if (!style.outline && !style.shadow) throw new Error(`focused ${style.tag} has no visible focus indicator`);
  }

  /**
   * Tabs through the whole page: focus must move on at every press (no trap), show a visible
   * indicator on each stop, and leave the page's last control. Returns the stops in order.
   */
  async tabThroughPage(maxStops = 200): Promise<string[]> {
    await this.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const stops: string[] = [];
    for (let i = 0; i < maxStops; i++) {
      await this.page.keyboard.press('Tab');
      const f = await this.focused();
      if (!f) return stops; // left the document: no trap
      const key = `${f.tag}#${f.id}.${f.classes}"${f.text}"`;
      if (stops.length && stops[0] === key && i > 0) return stops; // wrapped around to the first stop
      if (stops.at(-1) === key) throw new Error(`keyboard trap: focus stayed on ${key}`);
      await this.expectVisibleFocus();
      stops.push(key);
    }
    throw new Error(`focus did not leave the page within ${maxStops} tab stops`);
  }

  async screenshot(name: string): Promise<void> {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await this.page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  }

  async close(): Promise<void> {
    await this.copyPage?.close();
    await this.context.close();
    this.done();
  }
}

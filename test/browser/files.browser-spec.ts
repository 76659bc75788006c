import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { TestUser } from '../factories/world';
import { EXE, PDF, PNG } from '../files/attachment-suite';
import { BrowserTest, Visitor } from './support/browser-test';

const PASSWORD = 'correct horse battery';
const PURPOSE = 'Parents of new pupils know when the open day is, so more of them come.';

/**
 * Files across the cycle in the browser, with JavaScript and without: the teacher attaches a
 * logo to the draft, the officer sees it (and its preview) and asks for a photo in a comment, the teacher answers with it, the
 * officer delivers a PDF, and the teacher downloads it and accepts the delivery. Every page
 * they reach is checked with axe.
 */
describe('files on an order in the browser', () => {
  let b: BrowserTest;
  let teacher: TestUser;
  let officer: TestUser;
  let serviceId: string;
  let schoolId: string;
  let logo: Buffer;
  const visitors: Visitor[] = [];

  beforeAll(async () => {
    b = await BrowserTest.start({ DATA_DIR: mkdtempSync(join(tmpdir(), 'files-browser-')) });
    const school = await b.w.aUnit('core', { name: 'Riverside School' });
    const support = await b.w.aUnit('support', { name: 'Communications' });
    schoolId = school.id;
    teacher = await b.w.aUser([[school, 'requester']], { password: PASSWORD });
    officer = await b.w.aUser([[support, 'deliverer']], { password: PASSWORD });
    serviceId = (await b.w.aService(support, [], { name: 'Flyer' })).id;
    // A real picture, so that the page shows its preview.
    logo = await sharp({ create: { width: 300, height: 120, channels: 3, background: '#00703c' } })
      .png()
      .toBuffer();
  });
  afterAll(async () => {
    for (const v of visitors) await v.close();
    await b.close();
  });

  async function person(user: TestUser, javaScript: boolean): Promise<Visitor> {
    const v = await b.visitor({ javaScript });
    visitors.push(v);
    await v.signIn(user.email, PASSWORD);
    return v;
  }

  const banner = (v: Visitor) => v.page.locator('.govuk-notification-banner').innerText();

  async function upload(v: Visitor, file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
    await v.page.locator('#file').setInputFiles(file);
    await v.follow(() => v.page.locator('form[data-file-upload] button').click());
  }

  for (const javaScript of [true, false]) {
    it(`carries the logo, the photo and the finished flyer from draft to accepted delivery (JavaScript ${javaScript ? 'on' : 'off'})`, async () => {
      const anna = await person(teacher, javaScript);
      const carla = await person(officer, javaScript);
      const api = { teacher: b.w.as(teacher), officer: b.w.as(officer) };
      const draft = (
        await api.teacher
          .post('/api/v1/orders', { serviceId, requesterUnitId: schoolId, title: 'Open day flyer', purpose: PURPOSE, answers: {} })
          .expect(201)
      ).body;

      // The teacher attaches the logo to the draft; a program is refused with the error summary.
      await anna.goto(`/orders/${draft.id}`);
      await upload(anna, { name: 'setup.exe', mimeType: 'application/octet-stream', buffer: EXE });
      if (javaScript) await anna.expectFocusOnErrorSummary();
      expect(await anna.page.locator('.govuk-error-summary').innerText()).toContain('Programs and scripts cannot be attached');
      await upload(anna, { name: 'logo.png', mimeType: 'image/png', buffer: logo });
      expect(await banner(anna)).toContain('Your files have been added.');
      expect(await anna.page.locator('#files + table, .app-file-table').innerText()).toContain('logo.png');
      await api.teacher.post(`/api/v1/orders/${draft.id}/submit`, { version: draft.version }).expect(200);

      // The officer sees the logo, its preview too, and asks for a photo in a comment: asking for a
      // file is no consultation question, so the order stays with the support unit.
      await carla.goto(`/orders/${draft.id}`);
      expect(await carla.page.getByRole('link', { name: 'logo.png' }).count()).toBeGreaterThan(0);
      const preview = carla.page.locator('.app-file-table img.app-file-thumbnail');
      expect(await preview.count()).toBe(1);
      if (javaScript) {
        await preview.scrollIntoViewIfNeeded();
        await carla.page.waitForFunction(() => {
          const img = document.querySelector<HTMLImageElement>('img.app-file-thumbnail');
          return img !== null && img.complete && img.naturalWidth > 0;
        });
      }
      const previewBytes = await carla.page.request.get((await preview.getAttribute('src'))!);
      expect([previewBytes.status(), previewBytes.headers()['content-type']]).toEqual([200, 'image/webp']);
      await carla.page.locator('#comment-body').fill('Please send a photo of the school as well.');
      await carla.follow(() => carla.page.locator('#comment-submit').click());
      expect(await banner(carla)).toContain('Your message has been added to the conversation.');
      expect(await carla.page.locator('#conversation').innerText()).toContain('Please send a photo of the school as well.');

      // The teacher answers with the photo, in a comment of her own.
      await anna.goto(`/orders/${draft.id}`);
      await upload(anna, { name: 'photo.png', mimeType: 'image/png', buffer: Buffer.concat([PNG, Buffer.from('photo')]) });
      expect(await anna.page.locator('main').innerText()).toContain('photo.png (');
      await anna.page.locator('#comment-body').fill('Here is the photo.');
      await anna.page
        .locator('#conversation-form')
        .getByRole('checkbox', { name: /photo\.png/ })
        .check();
      await anna.follow(() => anna.page.locator('#comment-submit').click());
      expect(await banner(anna)).toContain('Your message has been added to the conversation.');

      // The officer sees the photo on the comment, and delivers the finished flyer.
      await carla.goto(`/orders/${draft.id}`);
      expect(await carla.page.locator('#conversation .app-file-links').first().innerText()).toContain('photo.png');
      let order = (await api.officer.get(`/api/v1/orders/${draft.id}`).expect(200)).body;
      expect(order.status).toBe('submitted');
      order = (await api.officer.post(`/api/v1/orders/${draft.id}/accept`, { version: order.version }).expect(200)).body;
      order = (await api.officer.post(`/api/v1/orders/${draft.id}/start`, { version: order.version }).expect(200)).body;
      for (const item of order.checklist)
        await api.officer.patch(`/api/v1/orders/${draft.id}/checklist/${item.id}`, { done: true }).expect(200);
      await carla.goto(`/orders/${draft.id}`);
      await upload(carla, { name: 'flyer-final.pdf', mimeType: 'application/pdf', buffer: PDF });
      await carla.goto(`/orders/${draft.id}/deliver`);
      await carla.page.locator('#deliveryNote').fill('The flyer, ready to print.');
      await carla.page.getByRole('checkbox', { name: /flyer-final\.pdf/ }).check();
      await carla.follow(() => carla.page.locator(`form[action="/orders/${draft.id}/deliver"] button[type=submit]`).last().click());

      // The teacher downloads the flyer beside "accept the delivery", then accepts it.
      await anna.goto(`/orders/${draft.id}`);
      const link = anna.page.locator('.app-file-links a', { hasText: 'flyer-final.pdf' }).last();
      const href = await link.getAttribute('href');
      const download = await anna.page.request.get(href!);
      expect(download.status()).toBe(200);
      expect(download.headers()['content-disposition']).toBe(`attachment; filename="flyer-final.pdf"; filename*=UTF-8''flyer-final.pdf`);
      expect(download.headers()['x-content-type-options']).toBe('nosniff');
      expect(Buffer.compare(await download.body(), PDF)).toBe(0);
      await anna.follow(() => anna.page.locator(`form[action="/orders/${draft.id}/accept-delivery"] button`).click());
      expect(await banner(anna)).toContain('You accepted the delivery.');
      anna.done();
      carla.done();
    });
  }
});

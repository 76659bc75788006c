import e2eGlobalSetup from '../../support/global-setup';
import { ensureStylesheet } from '../../../src/web/assets/stylesheet';
import { chromiumPath } from './chromium';

/** The e2e database setup, plus what workers must not race for: the stylesheet and the unpacked Chromium. */
export default async function globalSetup(): Promise<void> {
  await e2eGlobalSetup();
  ensureStylesheet();
  await chromiumPath();
}

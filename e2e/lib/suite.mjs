// The set-up every test file shares: one site, one browser, and fresh browser contexts.
import { before, after } from 'node:test';
import { startSite } from './server.mjs';
import { launchBrowser, newContext, newLog } from './browser.mjs';

// Starts a site and a browser for the calling test file, then `setUp(suite)`; stops both at the end.
// (A top-level `before` of the file's own would not wait for this one: node:test starts both at once.)
export function useSuite(setUp) {
  const suite = { site: null, browser: null, log: newLog() };
  before(async () => {
    suite.site = await startSite();
    suite.browser = await launchBrowser();
    await setUp?.(suite);
  }, { timeout: 180_000 });
  after(async () => {
    await suite.browser?.close().catch(() => {});
    await suite.site?.stop();
  });
  // Runs fn(page, context) in a fresh browser context (newContext's options), closed afterwards.
  suite.withPage = async (fn, contextOptions) => {
    const context = await newContext(suite.browser, suite.log, contextOptions);
    try {
      return await fn(await context.newPage(), context);
    } finally {
      await context.close();
    }
  };
  return suite;
}

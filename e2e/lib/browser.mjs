// Debian's Chromium driven by playwright-core (which never downloads a browser of its own),
// plus what every test file needs: contexts that record every request, sign-in, axe-core and
// screenshots.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import AxeBuilderModule from '@axe-core/playwright';
import { repoRoot, PASSWORD } from './server.mjs';

const AxeBuilder = AxeBuilderModule.default ?? AxeBuilderModule;

export const ACTION_TIMEOUT = 30_000;
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const screenshotDir = process.env.SCREENSHOT_DIR || path.join(repoRoot, 'build', 'e2e-screenshots');
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export async function launchBrowser() {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} does not exist: install Debian's chromium (scripts/install-e2e), or set CHROMIUM_PATH`);
  }
  // Playwright gives the browser a fresh, empty user data dir of its own.
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    timeout: 60_000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// A browser context (cookies of its own) whose requests and console errors go to `log`.
export async function newContext(browser, log, options = {}) {
  const context = await browser.newContext({ locale: 'it-IT', timezoneId: 'Europe/Rome', ...options });
  context.setDefaultTimeout(ACTION_TIMEOUT);
  context.setDefaultNavigationTimeout(ACTION_TIMEOUT);
  context.on('request', (request) => log.requests.push({ url: request.url(), from: safePageUrl(request) }));
  // A page's own answer may be an error on purpose (404, 403, a form with errors); what it loads may not.
  context.on('response', (response) => {
    const request = response.request();
    if (response.status() >= 400 && !request.isNavigationRequest()) {
      log.consoleErrors.push({ page: safePageUrl(request), text: `${response.status()} for ${request.url()}` });
    }
  });
  context.on('page', (page) => {
    page.on('console', (message) => {
      if (message.type() === 'error' && !/^Failed to load resource: the server responded with a status of/.test(message.text())) {
        log.consoleErrors.push({ page: page.url(), text: message.text() });
      }
    });
    page.on('pageerror', (error) => log.consoleErrors.push({ page: page.url(), text: String(error) }));
  });
  return context;
}

function safePageUrl(request) {
  try { return request.frame().url(); } catch { return ''; }
}

export function newLog() {
  return { requests: [], consoleErrors: [] };
}

// Every request went to the site itself, or (the quick exit) to the local neutral page.
export function assertOnlyLocalRequests(assert, log, site) {
  const allowed = new Set([site.host, new URL(site.exitURL).host]);
  const foreign = log.requests.filter((r) => {
    let u;
    try { u = new URL(r.url); } catch { return true; }
    if (u.protocol === 'data:' || u.protocol === 'blob:' || r.url === 'about:blank') return false;
    return !allowed.has(u.host);
  });
  assert.ok(log.requests.length > 0, 'no request was recorded');
  assert.deepEqual(foreign.map((r) => `${r.url} (from ${r.from})`), [],
                   'requests to another host:\n' + foreign.map((r) => `  ${r.url} (from ${r.from})`).join('\n'));
  // A Content-Security-Policy refusal, a script error or a missing file shows up here.
  const errors = log.consoleErrors;
  assert.deepEqual(errors, [], 'errors in the browser:\n' + errors.map((e) => `  ${e.page}: ${e.text}`).join('\n'));
}

// Opens a path and waits until the page and everything it loads are done (the pages load their
// styles and deferred scripts before "load", and fetch nothing afterwards).
export async function open(page, site, p, { status } = {}) {
  const response = await page.goto(site.url(p), { waitUntil: 'load' });
  if (status !== undefined) {
    if (response.status() !== status) {
      throw new Error(`GET ${p}: expected status ${status}, got ${response.status()}`);
    }
  }
  return response;
}

// What a page says about itself, for error messages: address, status, heading and first lines.
export async function describePage(page, response) {
  const heading = await page.locator('main h1, h1').first().innerText({ timeout: 2000 }).catch(() => '');
  const lead = await page.locator('main .lead, main .error-summary').first().innerText({ timeout: 2000 }).catch(() => '');
  const status = response ? ` answered ${response.status()}` : '';
  return `${page.url()}${status}: "${heading.trim()}" ${lead.trim().replace(/\s+/g, ' ')}`;
}

// Runs `action` (a click, a key) and waits for the page it leads to, even at the same address.
export async function navigation(page, action) {
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), action()]);
  return response;
}

// Clicks a link or a submit button and waits for the page it leads to, which must be another
// address (or satisfy `expect(url)`); otherwise fails saying what the page says.
export async function follow(page, locator, { expect } = {}) {
  const from = page.url();
  const response = await navigation(page, () => locator.click());
  const url = new URL(page.url());
  if (expect ? !expect(url) : url.href === from) {
    throw new Error(`the click did not lead where expected: ${await describePage(page, response)}`);
  }
  return response;
}

// Submits with a button that may lead back to the same address (a form answered with errors).
export async function submit(page, locator) {
  return navigation(page, () => locator.click());
}

// Signs in through the login form; the answer must be the personal area (or `expectPath`).
export async function signIn(page, site, username, { password = PASSWORD, expectPath = '/area' } = {}) {
  await open(page, site, '/accedi');
  await page.locator('#campo-username').fill(username);
  await page.locator('#campo-password').fill(password);
  const response = await submit(page, page.locator('form[action="/accedi"] button[type="submit"]'));
  if (new URL(page.url()).pathname !== expectPath) {
    throw new Error(`signing in as ${username} failed: ${await describePage(page, response)}`);
  }
}

export async function signOut(page) {
  await follow(page, page.locator('form.logout-form button[type="submit"]'));
}

export async function screenshot(page, name) {
  fs.mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

// axe-core with the WCAG 2.0 and 2.1 A and AA rules; returns a readable list of violations.
export async function axeViolations(page) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  return results.violations;
}

export function formatViolations(label, violations) {
  const lines = [`${label}: ${violations.length} accessibility violation(s)`];
  for (const v of violations) {
    lines.push(`  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`);
    for (const node of v.nodes) {
      lines.push(`      ${node.target.join(' ')}`);
      if (node.failureSummary) lines.push(`        ${node.failureSummary.replace(/\n/g, '\n        ')}`);
    }
  }
  return lines.join('\n');
}

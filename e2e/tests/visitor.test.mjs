// A visitor, not signed in: the catalogue down to a lesson, the events, the quick exit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EVENT } from '../lib/server.mjs';
import { open, follow, screenshot, assertOnlyLocalRequests } from '../lib/browser.mjs';
import { useSuite } from '../lib/suite.mjs';

const suite = useSuite();
const { withPage } = suite;
const T = { timeout: 120_000 };

test('a visitor browses the catalogue to a lesson', T, async () => {
  await withPage(async (page, context) => {
    await open(page, suite.site, '/', { status: 200 });
    await screenshot(page, 'home');

    await follow(page, page.locator('nav.site-nav a[href="/moduli"]'));
    assert.equal(new URL(page.url()).pathname, '/moduli');
    await screenshot(page, 'catalogue');

    // filter by target group
    await follow(page, page.locator('nav.filter a.tag[href="/moduli?gruppo=polizia-locale"]'));
    assert.equal(new URL(page.url()).search, '?gruppo=polizia-locale');
    assert.equal(await page.locator('nav.filter a.tag[aria-current="true"]').getAttribute('href'),
                 '/moduli?gruppo=polizia-locale');
    const cards = page.locator('.results .card');
    assert.ok(await cards.count() > 0, 'no module for the local police');

    const cardLink = cards.first().locator('.card-title a');
    const moduleTitle = (await cardLink.innerText()).trim();
    await follow(page, cardLink);
    assert.match(new URL(page.url()).pathname, /^\/moduli\/[a-z0-9-]+$/);
    assert.equal((await page.locator('main h1').innerText()).trim(), moduleTitle);
    await screenshot(page, 'module');

    const moduleUrl = page.url();
    const start = page.locator('p.start a.button');
    await follow(page, start);
    assert.ok(page.url().startsWith(moduleUrl + '/'), `the lesson ${page.url()} is not inside ${moduleUrl}`);
    assert.ok((await page.locator('main h1').innerText()).trim().length > 0);
    // the breadcrumb leads back to the module
    assert.equal(await page.locator('nav.breadcrumb a').last().getAttribute('href'), new URL(moduleUrl).pathname);
    await screenshot(page, 'lesson');

    const next = page.locator('a[rel="next"]');
    if (await next.count()) {
      const first = page.url();
      await follow(page, next);
      assert.notEqual(page.url(), first);
      assert.equal(await page.locator('a[rel="prev"]').getAttribute('href'), new URL(first).pathname);
    }

    // anonymous visitors get no cookie
    assert.deepEqual(await context.cookies(), []);
  });
});

test('a visitor finds an event in the list and in the month view', T, async () => {
  await withPage(async (page) => {
    await open(page, suite.site, '/eventi', { status: 200 });
    await screenshot(page, 'events');
    const link = page.locator(`main a[href="${EVENT.path}"]`).first();
    await follow(page, link);
    assert.equal(new URL(page.url()).pathname, EVENT.path);
    assert.equal((await page.locator('main h1').innerText()).trim(), EVENT.title);
    assert.equal(await page.locator(`a.button[href="${EVENT.path}/iscrizione"]`).count(), 1);
    await screenshot(page, 'event');

    await open(page, suite.site, EVENT.month, { status: 200 });
    await screenshot(page, 'month');
    await follow(page, page.locator(`main a[href="${EVENT.path}"]`).first());
    assert.equal(new URL(page.url()).pathname, EVENT.path);

    await open(page, suite.site, '/eventi/calendario', { status: 200 });
    assert.match(new URL(page.url()).pathname, /^\/eventi\/calendario\/\d{4}\/\d{2}$/);

    await open(page, suite.site, '/aiuto', { status: 200 });
    assert.ok(await page.locator('a[href^="tel:"]').count() > 0, 'the help page has no phone link');
    await screenshot(page, 'help');
  });
});

test('the quick exit leaves the site on Escape and Back does not return to the page', T, async () => {
  await withPage(async (page) => {
    await open(page, suite.site, '/', { status: 200 });
    const before = page.url();
    await follow(page, page.locator('nav.site-nav a[href="/aiuto"]'));
    const left = page.url();
    assert.equal(new URL(left).pathname, '/aiuto');

    await Promise.all([page.waitForURL(suite.site.exitURL, { waitUntil: 'load' }), page.keyboard.press('Escape')]);
    assert.equal((await page.locator('h1').innerText()).trim(), 'Meteo');

    await page.goBack({ waitUntil: 'load' });
    assert.notEqual(page.url(), left, 'Back returned to the page the quick exit left');
    assert.equal(page.url(), before, 'Back should lead to the page before the one the quick exit left');
  });
});

test('the quick exit link leaves the site too, without a history entry', T, async () => {
  await withPage(async (page) => {
    await open(page, suite.site, '/', { status: 200 });
    const before = page.url();
    await open(page, suite.site, EVENT.path, { status: 200 });
    const left = page.url();
    const exit = page.locator('#esci-subito');
    assert.equal(await exit.getAttribute('href'), suite.site.exitURL);
    await Promise.all([page.waitForURL(suite.site.exitURL, { waitUntil: 'load' }), exit.click()]);
    await page.goBack({ waitUntil: 'load' });
    assert.notEqual(page.url(), left);
    assert.equal(page.url(), before);
  });
});

test('no page requested anything from another host', async () => {
  assertOnlyLocalRequests(assert, suite.log, suite.site);
});

// Keyboard only: Tab, Shift+Tab, Enter and Space (and typing into the focused field). No
// clicks, no fill. At every focus stop the focused element must show a visible focus indicator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EVENT, PASSWORD } from '../lib/server.mjs';
import {
  newContext, open, navigation, describePage, assertOnlyLocalRequests,
} from '../lib/browser.mjs';
import { useSuite } from '../lib/suite.mjs';

let context;
let page;
// One context and one page for the whole file (closed with the browser): each test goes on from
// where the previous one left.
const suite = useSuite(async ({ browser, log }) => {
  context = await newContext(browser, log);
  page = await context.newPage();
});
const T = { timeout: 180_000 };
let stops = 0;

// What has the focus, and how it shows (once a smooth scroll to it has ended).
function focused() {
  return page.evaluate(async () => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    const inView = (b) => b.bottom > 0 && b.top < innerHeight && b.right > 0 && b.left < innerWidth;
    let r = el.getBoundingClientRect();
    for (const start = performance.now(); !inView(r) && performance.now() - start < 3000;) {
      await frame();
      r = el.getBoundingClientRect();
    }
    const cs = getComputedStyle(el);
    const transparent = (c) => c === 'transparent' || /rgba\(.*,\s*0\)$/.test(c);
    const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0 && !transparent(cs.outlineColor);
    const shadow = cs.boxShadow && cs.boxShadow !== 'none';
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id,
      className: typeof el.className === 'string' ? el.className : '',
      href: el.getAttribute('href'),
      type: el.getAttribute('type'),
      text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ').slice(0, 80),
      form: el.form ? el.form.getAttribute('action') : null,
      inMain: !!el.closest('main'),
      inNav: !!el.closest('nav.site-nav'),
      inAccountNav: !!el.closest('.account-nav'),
      cardTitle: !!el.closest('.results .card-title'),
      style: `outline: ${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}; box-shadow: ${cs.boxShadow}`,
      indicator: outline || shadow,
      box: { width: r.width, height: r.height, top: r.top, bottom: r.bottom, left: r.left, right: r.right },
      viewport: { width: innerWidth, height: innerHeight },
    };
  });
}

function describe(f) {
  return f ? `<${f.tag}${f.id ? '#' + f.id : ''}${f.href ? ` href="${f.href}"` : ''}> "${f.text}"` : '(nothing)';
}

// The focus is on something the person can see, with a visible indicator.
function assertVisibleFocus(f, where) {
  assert.ok(f, `${where}: the focus is on nothing`);
  assert.ok(f.indicator, `${where}: no visible focus indicator on ${describe(f)} (${f.style})`);
  const b = f.box;
  assert.ok(b.width > 0 && b.height > 0, `${where}: ${describe(f)} has no size`);
  assert.ok(b.bottom > 0 && b.top < f.viewport.height && b.right > 0 && b.left < f.viewport.width,
            `${where}: ${describe(f)} is outside the viewport (${JSON.stringify(b)})`);
}

async function press(key) {
  await page.keyboard.press(key);
  stops += 1;
  const f = await focused();
  assertVisibleFocus(f, `after ${key} on ${new URL(page.url()).pathname}`);
  return f;
}

// Tabs (forward, or back with Shift+Tab) until `match(focused)`, checking the focus at every stop.
async function tabTo(match, what, { key = 'Tab', max = 200 } = {}) {
  const seen = [];
  for (let i = 0; i < max; i++) {
    const f = await press(key);
    seen.push(describe(f));
    if (match(f)) return f;
  }
  throw new Error(`${what}: not reached with ${key} in ${max} stops on ${page.url()}; seen:\n  ${seen.join('\n  ')}`);
}

// Presses a key that leads to another page and waits for it.
async function go(key, pathOrTest) {
  const check = typeof pathOrTest === 'function' ? pathOrTest : (u) => u.pathname === pathOrTest;
  const response = await navigation(page, () => page.keyboard.press(key));
  if (!check(new URL(page.url()))) {
    throw new Error(`${key} did not lead where expected: ${await describePage(page, response)}`);
  }
}

test('the skip link and the quick exit are the first two tab stops', T, async () => {
  for (const path of ['/', '/moduli', EVENT.path, '/aiuto', '/accedi']) {
    await open(page, suite.site, path, { status: 200 });
    const first = await press('Tab');
    assert.match(first.className, /skip-link/, `${path}: first tab stop is ${describe(first)}`);
    const second = await press('Tab');
    assert.equal(second.id, 'esci-subito', `${path}: second tab stop is ${describe(second)}`);
    const back = await press('Shift+Tab');
    assert.match(back.className, /skip-link/, `${path}: Shift+Tab from the quick exit went to ${describe(back)}`);
  }
  // Enter on the skip link moves the focus to the main content
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.id), 'contenuto');
  const next = await press('Tab');
  assert.ok(next.inMain, `after the skip link, Tab went to ${describe(next)} outside main`);
});

test('from the home page to a lesson through the catalogue', T, async () => {
  await open(page, suite.site, '/', { status: 200 });
  await tabTo((f) => f.inNav && f.href === '/moduli', 'the catalogue in the menu');
  await go('Enter', '/moduli');
  await tabTo((f) => f.href === '/moduli?gruppo=polizia-locale', 'the local police filter');
  await go('Enter', (u) => u.pathname === '/moduli' && u.search === '?gruppo=polizia-locale');
  const card = await tabTo((f) => f.cardTitle, 'the first module');
  await go('Enter', card.href);
  assert.equal((await page.locator('main h1').innerText()).trim(), card.text);
  const start = await tabTo((f) => f.tag === 'a' && /\bbutton\b/.test(f.className) && f.inMain, 'the start button');
  await go('Enter', start.href);
  assert.ok(new URL(page.url()).pathname.startsWith(card.href + '/'));

  // Shift+Tab walks back, Tab forward again
  const nextLesson = await tabTo((f) => f.inMain && f.href && f.href.startsWith(card.href + '/'), 'the next lesson');
  const previous = await press('Shift+Tab');
  assert.notEqual(describe(previous), describe(nextLesson));
  const again = await press('Tab');
  assert.equal(describe(again), describe(nextLesson));
});

test('signing in with the login form', T, async () => {
  // from the lesson's content back up to the account entry point in the slim header
  await tabTo((f) => f.inAccountNav && f.href === '/area', 'the reserved area in the header', { key: 'Shift+Tab' });
  await go('Enter', '/accedi');
  const user = await tabTo((f) => f.id === 'campo-username', 'the username field');
  assert.equal(user.tag, 'input');
  await page.keyboard.type('allieva');
  const pass = await press('Tab');
  assert.equal(pass.id, 'campo-password');
  await page.keyboard.type(PASSWORD);
  const button = await press('Tab');
  assert.equal(button.form, '/accedi');
  await go('Space', '/area');
  assert.match(await page.locator('main').innerText(), /allieva/);
});

test('registering for an event and cancelling', T, async () => {
  await tabTo((f) => f.inNav && f.href === '/eventi', 'the events in the menu');
  await go('Enter', '/eventi');
  await tabTo((f) => f.href === EVENT.path, 'the test event in the list');
  await go('Enter', EVENT.path);
  await tabTo((f) => f.href === `${EVENT.path}/iscrizione`, 'the registration link');
  await go('Enter', `${EVENT.path}/iscrizione`);
  await tabTo((f) => f.tag === 'button' && f.form === `${EVENT.path}/iscrizione`, 'the register button');
  await go('Space', (u) => u.searchParams.get('esito') === 'iscritto');
  assert.match(await page.locator('.rsvp-state').innerText(), /confermata/);
  await tabTo((f) => f.tag === 'button' && f.form === `${EVENT.path}/iscrizione/annulla`, 'the cancel button');
  await go('Enter', (u) => u.searchParams.get('esito') === 'annullata');
  assert.match(await page.locator('.rsvp-state').innerText(), /annullato/);
});

test('signing out, then leaving the site with the quick exit', T, async (t) => {
  await tabTo((f) => f.tag === 'button' && f.form === '/esci', 'the logout button');
  await go('Space', '/accedi');
  assert.deepEqual((await context.cookies()).filter((c) => c.name === 'sentinella_session'), []);
  await press('Tab');
  const exit = await press('Tab');
  assert.equal(exit.id, 'esci-subito');
  await go('Enter', (u) => u.href === suite.site.exitURL);
  assert.equal((await page.locator('h1').innerText()).trim(), 'Meteo');
  t.diagnostic(`${stops} focus stops checked`);
});

test('no page requested anything from another host', async () => {
  assertOnlyLocalRequests(assert, suite.log, suite.site);
});

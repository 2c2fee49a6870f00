// Every page shape of lib/pages.mjs, opened with a cold cache on a 390x844 phone, then laid out at
// 320 and 1280 px: no sideways scrolling at any width; the bytes it transfers within its budget,
// HTML, CSS and scripts compressed; on the phone home page, the helplines in the first screen;
// full-page screenshots at 390x844 and 1280x800 (<shape>-<width>.png in SCREENSHOT_DIR).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { open, screenshot, screenshotDir, assertOnlyLocalRequests } from '../lib/browser.mjs';
import { useSuite } from '../lib/suite.mjs';
import {
  PAGE_SHAPES, HELP_BOX, FIRST_SCREEN_HELPLINES, shapePath, shapeRoles, preparePageShapes,
  signedInStates,
} from '../lib/pages.mjs';
import {
  recordTransfers, transferTotals, TRANSFER_KINDS, sidewaysOverflow, formatOverflow, telLinksInFirstScreen,
} from '../lib/measure.mjs';

const suite = useSuite(async (s) => {
  s.paths = await preparePageShapes(s);
  s.states = await signedInStates(s, shapeRoles(SHAPES));
});

// E2E_SHAPES=home,login measures only those shapes (to iterate on a theme); the default is all.
const SHAPES = selectShapes(process.env.E2E_SHAPES);

function selectShapes(names) {
  if (!names) return PAGE_SHAPES;
  const wanted = names.split(',').map((n) => n.trim()).filter(Boolean);
  const unknown = wanted.filter((n) => !PAGE_SHAPES.some((s) => s.name === n));
  if (unknown.length) throw new Error(`E2E_SHAPES names unknown page shapes: ${unknown.join(', ')}`);
  return PAGE_SHAPES.filter((s) => wanted.includes(s.name));
}

const PHONE = { width: 390, height: 844 };
const SMALL_PHONE = { width: 320, height: 640 };
const DESKTOP = { width: 1280, height: 800 };
// The widths checked for sideways scrolling, in the order they are laid out; screenshots at two.
const SIZES = [
  { ...PHONE, screenshot: true },
  { ...SMALL_PHONE },
  { ...DESKTOP, screenshot: true },
];
// Content types the server must compress.
const COMPRESSED_TYPES = ['Document', 'Stylesheet', 'Script'];
const COMPRESSIONS = ['gzip', 'br', 'zstd', 'deflate'];

// shape name -> { path, responses, totals, overflow: { [width]: ... }, helplines? }
const measured = new Map();

const nextFrame = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

async function measure(shape) {
  const options = { viewport: PHONE, reducedMotion: 'reduce' };
  if (shape.as) options.storageState = suite.states[shape.as];
  return suite.withPage(async (page, context) => {
    const p = shapePath(shape, suite.paths);
    const recorder = await recordTransfers(context, page);
    const response = await open(page, suite.site, p);
    const expected = shape.status ?? 200;
    assert.equal(response.status(), expected, `${shape.name}: GET ${p} answered ${response.status()}`);
    const landed = new URL(page.url());
    assert.equal(landed.pathname + landed.search, p, `${shape.name}: GET ${p} ended at ${page.url()}`);
    const responses = await recorder.finish();
    const result = { path: p, responses, totals: transferTotals(responses), overflow: {} };
    if (shape.helplines) {
      result.helplines = await telLinksInFirstScreen(page, HELP_BOX, FIRST_SCREEN_HELPLINES);
    }
    for (const size of SIZES) {
      if (size.width !== page.viewportSize().width) {
        await page.setViewportSize({ width: size.width, height: size.height });
        await nextFrame(page);
      }
      result.overflow[size.width] = await sidewaysOverflow(page);
      if (size.screenshot) await screenshot(page, `${shape.name}-${size.width}`);
    }
    return result;
  }, options);
}

test('every page shape, measured with a cold cache at 390, 320 and 1280 px', { timeout: 900_000 }, async (t) => {
  for (const shape of SHAPES) {
    await t.test(shape.name, async () => { measured.set(shape.name, await measure(shape)); });
  }
  // the figures, for docs/performance.md
  const figures = Object.fromEntries([...measured].map(([name, m]) => [name, { path: m.path, ...m.totals }]));
  fs.mkdirSync(screenshotDir, { recursive: true });
  fs.writeFileSync(path.join(screenshotDir, 'page-weights.json'), JSON.stringify(figures, null, 2) + '\n');
  for (const [name, f] of Object.entries(figures)) {
    t.diagnostic(`${name}: ${kb(f.total)} KB in ${f.requests} responses (` +
                 TRANSFER_KINDS.filter((k) => f[k]).map((k) => `${k} ${kb(f[k])}`).join(', ') +
                 `; bodies alone ${kb(f.body)})`);
  }
});

const kb = (bytes) => (bytes / 1000).toFixed(1);

// Every shape must have been measured (a shape that failed to open fails above, and here).
function allMeasured() {
  const missing = SHAPES.filter((s) => !measured.has(s.name)).map((s) => s.name);
  assert.deepEqual(missing, [], `page shapes not measured: ${missing.join(', ')}`);
}

function overflowFailures(shapes) {
  const failures = [];
  for (const shape of shapes) {
    for (const [width, o] of Object.entries(measured.get(shape.name)?.overflow ?? {})) {
      if (o.fails) failures.push(formatOverflow(`${shape.name} (${measured.get(shape.name).path}) at ${width} px`, o));
    }
  }
  return failures;
}

function budgetFailures(shapes) {
  const failures = [];
  for (const shape of shapes) {
    const m = measured.get(shape.name);
    if (m && m.totals.total > shape.budget * 1000) {
      const top = [...m.responses].sort((a, b) => (b.bytes ?? 0) - (a.bytes ?? 0)).slice(0, 4)
        .map((r) => `${new URL(r.url).pathname} ${kb(r.bytes ?? 0)}`).join(', ');
      failures.push(`  ${shape.name} (${m.path}): ${kb(m.totals.total)} KB > ${shape.budget} KB; largest: ${top}`);
    }
  }
  return failures;
}

test('no page shape scrolls sideways at 320, 390 or 1280 px', () => {
  allMeasured();
  const failures = overflowFailures(SHAPES);
  assert.equal(failures.length, 0, `\n${failures.length} page shape(s) and width(s) fail:\n${failures.join('\n')}`);
});

test('the phone home page shows the helplines 112 and 1522 in its first screen', (t) => {
  const shapes = PAGE_SHAPES.filter((s) => s.helplines);
  assert.equal(shapes.length, 1, 'one page shape (the home page) has helplines: true');
  if (!SHAPES.includes(shapes[0])) return t.skip(`${shapes[0].name} is not in E2E_SHAPES`);
  const home = measured.get(shapes[0].name);
  assert.ok(home, 'the home page was not measured');
  assert.deepEqual(home.helplines, [], `at ${PHONE.width}x${PHONE.height}:\n  ${home.helplines.join('\n  ')}`);
});

test('every page shape transfers no more than its budget', () => {
  allMeasured();
  const failures = budgetFailures(SHAPES);
  assert.equal(failures.length, 0, `\nover budget (KB of 1,000 bytes, headers included):\n${failures.join('\n')}`);
});

// Chromium accepts brotli and gets it; a client that accepts only gzip must get gzip.
test('HTML, style sheets and scripts are sent compressed, with gzip to a client that accepts only gzip', async () => {
  allMeasured();
  const plain = [];
  const urls = new Map();  // url -> the cookies to send (a signed-in page)
  for (const shape of SHAPES) {
    const cookie = shape.as ? suite.states[shape.as].cookies.map((c) => `${c.name}=${c.value}`).join('; ') : '';
    for (const r of measured.get(shape.name).responses) {
      if (!COMPRESSED_TYPES.includes(r.type) || !(r.bodyBytes > 0)) continue;
      if (!COMPRESSIONS.includes(r.encoding)) {
        plain.push(`  ${shape.name}: ${r.url} (${r.type}, Content-Encoding "${r.encoding}")`);
      }
      if (!urls.has(r.url)) urls.set(r.url, cookie);
    }
  }
  for (const [url, cookie] of urls) {
    const headers = { 'Accept-Encoding': 'gzip' };
    if (cookie) headers.Cookie = cookie;
    const response = await fetch(url, { headers, redirect: 'manual' });
    await response.arrayBuffer();
    const encoding = response.headers.get('content-encoding') ?? '';
    if (encoding !== 'gzip') plain.push(`  ${url} to a gzip-only client: ${response.status}, Content-Encoding "${encoding}"`);
  }
  assert.ok(urls.size >= SHAPES.length, `only ${urls.size} HTML, CSS and JS responses recorded`);
  assert.deepEqual(plain, [], `\nsent uncompressed:\n${plain.join('\n')}`);
  // and what the budgets count is what was sent: the style sheet's body as received is smaller
  // than the style sheet, and its headers are counted too
  const css = [...measured.values()][0].responses.find((r) => r.type === 'Stylesheet');
  assert.ok(css, 'no style sheet loaded');
  const identity = await fetch(css.url, { headers: { 'Accept-Encoding': 'identity' } });
  const size = (await identity.arrayBuffer()).byteLength;
  assert.ok(css.headerBytes > 100 && css.bodyBytes > 0 && css.bodyBytes < size * 0.5,
            `${css.url}: ${css.bodyBytes} bytes of body and ${css.headerBytes} of headers recorded, ${size} uncompressed`);
});

// The checks above can fail: what they report when a page gets wider than the screen, hides what
// sticks out, lets a hidden label escape a table's box, pushes the helplines down, or grows over
// its budget. On a page of its own, so that the site's state cannot mask or fake a result.
const PLANTED = `<!DOCTYPE html><html lang="it"><head><meta name="viewport" content="width=device-width">
<title>prova</title></head><body><main><h1>Prova</h1>
<aside class="help-box"><p><a href="tel:112">112</a> <a href="tel:1522">1522</a></p></aside></main></body></html>`;

test('the checks report a planted fault', async (t) => {
  await suite.withPage(async (page) => {
    await page.setContent(PLANTED);
    await t.test('a page that fits passes', async () => {
      const o = await sidewaysOverflow(page);
      assert.equal(o.fails, false, formatOverflow('plain page', o));
      assert.deepEqual(await telLinksInFirstScreen(page, HELP_BOX, FIRST_SCREEN_HELPLINES), []);
    });
    await t.test('an element 2000 px wide', async () => {
      await page.evaluate(() => {
        const wide = document.createElement('div');
        wide.id = 'planted-wide';
        wide.style.width = '2000px';
        wide.textContent = 'largo';
        document.querySelector('main').append(wide);
      });
      const o = await sidewaysOverflow(page);
      assert.ok(o.fails && o.scrollWidth > o.width, JSON.stringify(o));
      assert.ok(o.innermost.some((e) => e.selector.endsWith('div#planted-wide')), formatOverflow('planted', o));
      assert.ok(o.widest.some((e) => e.selector.endsWith('div#planted-wide') && e.width === 2000), formatOverflow('planted', o));
    });
    await t.test('the same element hidden by overflow-x: hidden on html', async () => {
      await page.evaluate(() => { document.documentElement.style.overflowX = 'hidden'; });
      const o = await sidewaysOverflow(page);
      assert.ok(o.clipped && o.fails, JSON.stringify(o));
      assert.match(formatOverflow('planted', o), /cuts off/);
    });
    await t.test('an element that scrolls in its own box is not an overflow', async () => {
      await page.evaluate(() => {
        document.documentElement.style.overflowX = '';
        const wide = document.querySelector('#planted-wide');
        const box = document.createElement('div');
        box.style.overflowX = 'auto';
        wide.replaceWith(box);
        box.append(wide);
      });
      const o = await sidewaysOverflow(page);
      assert.equal(o.fails, false, formatOverflow('boxed', o));
    });
    await t.test('an absolutely positioned element escapes a box that is not positioned', async () => {
      await page.evaluate(() => {
        const hidden = document.createElement('span');
        hidden.id = 'planted-hidden';
        hidden.textContent = 'nascosto';
        Object.assign(hidden.style, { position: 'absolute', left: '1500px', width: '1px', height: '1px', overflow: 'hidden' });
        document.querySelector('#planted-wide').append(hidden);
      });
      const o = await sidewaysOverflow(page);
      assert.ok(o.fails, JSON.stringify(o));
      assert.ok(o.innermost.some((e) => e.selector.endsWith('span#planted-hidden')), formatOverflow('escaped', o));
      await page.evaluate(() => { document.querySelector('#planted-wide').parentElement.style.position = 'relative'; });
      const boxed = await sidewaysOverflow(page);
      assert.equal(boxed.fails, false, formatOverflow('positioned box', boxed));
    });
    await t.test('the helplines pushed below the first screen', async () => {
      await page.evaluate(() => {
        const tall = document.createElement('div');
        tall.style.height = '3000px';
        document.body.prepend(tall);
      });
      const problems = await telLinksInFirstScreen(page, HELP_BOX, FIRST_SCREEN_HELPLINES);
      assert.equal(problems.length, FIRST_SCREEN_HELPLINES.length, problems.join('\n'));
      assert.match(problems[0], /not wholly inside the first/);
    });
    await t.test('the helplines covered by a fixed banner', async () => {
      await page.evaluate(() => {
        document.body.firstElementChild.remove();
        const banner = document.createElement('div');
        Object.assign(banner.style, { position: 'fixed', inset: '0', background: 'white' });
        document.body.append(banner);
      });
      const problems = await telLinksInFirstScreen(page, HELP_BOX, FIRST_SCREEN_HELPLINES);
      assert.equal(problems.length, FIRST_SCREEN_HELPLINES.length, problems.join('\n'));
      assert.match(problems[0], /covered by/);
    });
  }, { viewport: PHONE });
  await t.test('a budget lower than the page', () => {
    assert.equal(budgetFailures([{ ...SHAPES[0], budget: 1 }]).length, 1);
  });
});

test('no page requested anything from another host', () => {
  assertOnlyLocalRequests(assert, suite.log, suite.site);
});

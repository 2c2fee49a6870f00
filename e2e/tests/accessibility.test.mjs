// axe-core (WCAG 2.0 and 2.1, levels A and AA) on every page type, signed out and signed in,
// in the light and the dark colour scheme: zero violations. A failure lists each violation with
// the selector of every element concerned.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EVENT, CANCELLED_EVENT } from '../lib/server.mjs';
import {
  open, follow, submit, signIn, axeViolations, formatViolations, assertOnlyLocalRequests,
} from '../lib/browser.mjs';
import { useSuite } from '../lib/suite.mjs';
import { PAGE_SHAPES, shapePath, shapeRoles, preparePageShapes, signedInStates } from '../lib/pages.mjs';

const suite = useSuite();
const T = { timeout: 600_000 };
const SCHEMES = ['light', 'dark'];

// Reduced motion: no colour transitions while the scheme changes under axe.
const withPage = (fn, options = {}) => suite.withPage(fn, { reducedMotion: 'reduce', ...options });

// Who each page is signed in as, and what was audited as whom ("role path?query"): the last test
// audits the page shapes of lib/pages.mjs that the others did not.
const roleOf = new WeakMap();
const audited = new Set();
const auditKey = (role, url) => `${role ?? ''} ${new URL(url).pathname}${new URL(url).search}`;

async function signInAs(page, role) {
  await signIn(page, suite.site, role);
  roleOf.set(page, role);
}

// Checks the page as it is now, in both colour schemes (or those given), as a subtest named `label`.
async function audit(t, page, label, schemes = SCHEMES) {
  audited.add(auditKey(roleOf.get(page), page.url()));
  await t.test(label, async () => {
    const reports = [];
    try {
      for (const colorScheme of schemes) {
        await page.emulateMedia({ colorScheme });
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        const violations = await axeViolations(page);
        if (violations.length) reports.push(formatViolations(`${label} [${colorScheme}] ${page.url()}`, violations));
      }
    } finally {
      await page.emulateMedia({ colorScheme: 'light' });
    }
    assert.equal(reports.length, 0, '\n' + reports.join('\n'));
  });
}

// Opens `path` (expecting `status`) and audits it.
async function visit(t, page, path, { status = 200, label = path, schemes = SCHEMES } = {}) {
  const response = await open(page, suite.site, path);
  assert.equal(response.status(), status, `GET ${path} answered ${response.status()}`);
  await audit(t, page, label, schemes);
}

let moduleHref = '';
let lessonHref = '';
let inviteCode = '';

async function findModuleAndLesson(page) {
  await open(page, suite.site, '/moduli');
  moduleHref = await page.locator('.results .card-title a').first().getAttribute('href');
  await open(page, suite.site, moduleHref);
  lessonHref = await page.locator('p.start a.button').getAttribute('href');
}

const publicPages = () => [
  '/', '/moduli', '/moduli?gruppo=polizia-locale', moduleHref, lessonHref,
  '/eventi', '/eventi?tipo=incontro&destinatari=pubblico', '/eventi/archivio', '/eventi/calendario/2026/11', EVENT.month,
  EVENT.path, CANCELLED_EVENT.path, '/eventi/2027/teatro-civile-usura',
  '/aiuto', '/chi-siamo', '/privacy', '/accessibilita',
];

test('admin pages', T, async (t) => {
  await withPage(async (page) => {
    await findModuleAndLesson(page);
    await signInAs(page, 'admin');
    await audit(t, page, '/area (admin)');
    await visit(t, page, '/admin/persone');
    await visit(t, page, '/admin/persone?ruolo=learner&gruppo=polizia-locale', { label: '/admin/persone with filters' });
    const learner = page.locator('main table a', { hasText: 'Allieva di prova' });
    const personHref = await learner.getAttribute('href');
    await visit(t, page, personHref, { label: '/admin/persone/<id> (a learner)' });
    await open(page, suite.site, '/admin/persone');
    const selfHref = await page.locator('main table a', { hasText: 'Amministrazione' }).getAttribute('href');
    await visit(t, page, selfHref, { label: '/admin/persone/<id> (oneself)' });

    await visit(t, page, '/admin/inviti');
    await page.locator('#campo-group').selectOption('volontariato');
    await page.locator('#campo-organization').fill('Associazione di prova');
    await page.locator('#campo-days').fill('10');
    await page.locator('#campo-uses').fill('5');
    await submit(page, page.locator('form[action="/admin/inviti"] button[type="submit"]'));
    inviteCode = (await page.locator('.new-code-value code').innerText()).trim();
    await audit(t, page, '/admin/inviti right after creating a code');
    await visit(t, page, '/admin/registro');
    await visit(t, page, '/admin/eventi');
  });
});

test('public pages, signed out', T, async (t) => {
  await withPage(async (page) => {
    for (const path of publicPages()) await visit(t, page, path);
    await open(page, suite.site, '/eventi/calendario');
    await audit(t, page, '/eventi/calendario (this month)');
    await visit(t, page, '/pagina-che-non-esiste', { status: 404, label: '404 page' });
    await visit(t, page, '/moduli/modulo-che-non-esiste', { status: 404, label: '404 page of a module', schemes: ['light'] });

    // the check can fail: an image without a text alternative is reported with its selector
    await t.test('axe reports a violation planted in a page', async () => {
      await page.evaluate(() => {
        const img = document.createElement('img');
        img.src = '/static/favicon.svg';
        img.id = 'immagine-senza-alt';
        document.querySelector('main').append(img);
      });
      const violations = await axeViolations(page);
      const report = formatViolations('planted', violations);
      assert.deepEqual(violations.map((v) => v.id), ['image-alt'], report);
      assert.match(report, /#immagine-senza-alt/);
    });
  });
});

test('login and registration pages', T, async (t) => {
  assert.ok(inviteCode, 'no invitation code from the admin test');
  await withPage(async (page) => {
    await visit(t, page, '/accedi');
    await page.locator('#campo-username').fill('allieva');
    await page.locator('#campo-password').fill('una password sbagliata');
    await submit(page, page.locator('form[action="/accedi"] button[type="submit"]'));
    assert.equal(await page.locator('.error-summary').count(), 1, 'no error after a failed login');
    await audit(t, page, '/accedi with an error');
    await visit(t, page, '/accedi?dopo=%2Farea', { label: '/accedi?dopo=' });

    await visit(t, page, '/registrati');
    await visit(t, page, '/registrati?codice=CODICESBAGLIATO', { status: 400, label: '/registrati with an unknown code' });
    await visit(t, page, `/registrati?codice=${inviteCode}`, { label: '/registrati?codice=<valid>' });
    await page.locator('#campo-username').fill('X');
    await page.locator('#campo-display_name').fill('Persona di prova');
    await page.locator('#campo-password').fill('una password lunga');
    await page.locator('#campo-password_confirm').fill('una password diversa');
    // the browser's own checks (minlength) would stop the form: let the server answer
    await page.locator('form[action="/registrati"]').evaluate((f) => { f.noValidate = true; });
    await submit(page, page.locator('form[action="/registrati"] button[type="submit"]'));
    assert.equal(await page.locator('.error-summary').count(), 1, 'no error summary after a wrong registration');
    await audit(t, page, '/registrati with errors');
  });
});

test('learner pages and public pages signed in', T, async (t) => {
  await withPage(async (page) => {
    await signInAs(page, 'allieva');
    await audit(t, page, '/area (learner)');
    await visit(t, page, '/area/password');
    await page.locator('#campo-current_password').fill('una password sbagliata');
    await page.locator('#campo-new_password').fill('una nuova password lunga');
    await page.locator('#campo-new_password_confirm').fill('una nuova password lunga');
    await submit(page, page.locator('form[action="/area/password"] button[type="submit"]'));
    await audit(t, page, '/area/password with an error');

    await visit(t, page, `${EVENT.path}/iscrizione`, { label: 'event registration (not registered)' });
    await follow(page, page.locator(`form[action="${EVENT.path}/iscrizione"] button[type="submit"]`));
    await audit(t, page, 'event registration (confirmed, with a notice)');
    await visit(t, page, `${CANCELLED_EVENT.path}/iscrizione`, { label: 'event registration (closed)' });
    await open(page, suite.site, '/area');
    await audit(t, page, '/area with an event registration');

    // the same pages with the signed-in menu (the colours were checked in both schemes above)
    for (const path of ['/', '/moduli', moduleHref, lessonHref, '/eventi', EVENT.month, EVENT.path, '/aiuto', '/privacy']) {
      await visit(t, page, path, { label: `${path} (signed in)`, schemes: ['light'] });
    }
    await visit(t, page, '/admin/persone', { status: 403, label: '403 page (learner on /admin/persone)' });
    await visit(t, page, '/pagina-che-non-esiste', { status: 404, label: '404 page (signed in)' });
  });
});

test('organizer and trainer pages', T, async (t) => {
  await withPage(async (page) => {
    await signInAs(page, 'organizzatore');
    await audit(t, page, '/area (organizer)');
    await visit(t, page, '/admin/eventi', { label: '/admin/eventi (organizer)' });
    await visit(t, page, `/admin${EVENT.path}`, { label: '/admin/eventi/<y>/<slug> with a registration' });
    await visit(t, page, `/admin${EVENT.path}/incontri/1`, { label: 'the roster of a meeting' });
    await follow(page, page.locator('#tutti-presenti'));
    await audit(t, page, 'the roster after "Tutti presenti"');
    await visit(t, page, `/admin${CANCELLED_EVENT.path}`, { label: '/admin/eventi/<y>/<slug> of a cancelled event' });
  });
  await withPage(async (page) => {
    await signInAs(page, 'formatrice');
    await audit(t, page, '/area (trainer)');
    await visit(t, page, '/admin/inviti', { label: '/admin/inviti (trainer)' });
  });
});

// A page shape added to lib/pages.mjs is audited here unless a test above already did.
test('every page shape of lib/pages.mjs', T, async (t) => {
  const paths = await preparePageShapes(suite);
  const missing = PAGE_SHAPES.filter((s) => !audited.has(auditKey(s.as, suite.site.url(shapePath(s, paths)))));
  t.diagnostic(`not audited by the tests above: ${missing.map((s) => s.name).join(', ') || 'none'}`);
  const states = await signedInStates(suite, shapeRoles(missing));
  for (const shape of missing) {
    await withPage(async (page) => {
      if (shape.as) roleOf.set(page, shape.as);
      await visit(t, page, shapePath(shape, paths), {
        status: shape.status ?? 200, label: `${shape.name} (${shape.as ?? 'signed out'})`,
      });
    }, shape.as ? { storageState: states[shape.as] } : {});
  }
});

test('no page requested anything from another host', async () => {
  assertOnlyLocalRequests(assert, suite.log, suite.site);
});

// Every page type passes a standards HTML validator (html-validate, "recommended" rules, with every
// <th> given a scope and titles of at most 70 characters: e2e/htmlvalidate.json): each page of the
// static export (`sentinella build`), and the pages only the live server has, signed out and
// signed in as each role. The raw HTML the server sends is validated, not the browser's DOM.
// One rule of "recommended" is off: no-trailing-whitespace, a matter of source style (the
// templates' indentation around Mustache sections) that no standard speaks of; and checkboxes may
// share a name (a person's roles), as HTML allows, like radio buttons.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HtmlValidate } from 'html-validate';
import { binary, repoRoot, EVENT, CANCELLED_EVENT } from '../lib/server.mjs';
import { open, signIn, submit } from '../lib/browser.mjs';
import { useSuite } from '../lib/suite.mjs';

const suite = useSuite();
const T = { timeout: 240_000 };
const config = JSON.parse(fs.readFileSync(path.join(repoRoot, 'e2e', 'htmlvalidate.json'), 'utf8'));
const validator = new HtmlValidate(config);

// The problems html-validate finds in `html`, one readable line each.
async function problems(html, label) {
  const report = await validator.validateString(html, label);
  return report.results.flatMap((r) => r.messages.map(
    (m) => `${label}:${m.line}:${m.column} ${m.ruleId}: ${m.message} [${(m.selector ?? '')}]`));
}

// Fetches `paths` with the cookies of `context` and validates each answer's HTML.
async function validatePaths(t, context, paths) {
  const found = [];
  for (const { path: p, status = 200, label = p } of paths) {
    const response = await context.request.get(suite.site.url(p), { maxRedirects: 0 });
    assert.equal(response.status(), status, `GET ${p} answered ${response.status()}`);
    assert.match(response.headers()['content-type'] ?? '', /^text\/html/, `GET ${p} is not HTML`);
    found.push(...await problems(await response.text(), label));
  }
  assert.deepEqual(found, [], '\n' + found.join('\n'));
}

test('the validator reports a <th> without scope and a title over 70 characters', async () => {
  const html = `<!DOCTYPE html><html lang="it"><head><meta charset="utf-8"><title>${'x'.repeat(71)}</title></head>` +
    '<body><main><table><tr><th>Giorno</th><td>1</td></tr></table></main></body></html>';
  const rules = (await validator.validateString(html)).results.flatMap((r) => r.messages.map((m) => m.ruleId));
  assert.ok(rules.includes('long-title'), rules.join(', '));
  assert.ok(rules.includes('wcag/h63'), rules.join(', '));
});

test('every page of the static export', T, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sentinella-e2e-build-'));
  try {
    const out = path.join(dir, 'sito');
    const r = spawnSync(binary, ['build', '--content', path.join(suite.site.dir, 'content'), '--db', path.join(dir, 'db.sqlite'),
                                 '--theme', path.join(repoRoot, 'themes', 'default'), '--out', out],
                        { encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, `sentinella build failed:\n${r.stderr}`);
    const pages = fs.readdirSync(out, { recursive: true }).filter((f) => f.endsWith('.html'));
    assert.ok(pages.length > 20, `only ${pages.length} pages exported`);
    const found = [];
    for (const page of pages.sort()) found.push(...await problems(fs.readFileSync(path.join(out, page), 'utf8'), page));
    assert.deepEqual(found, [], '\n' + found.join('\n'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('pages only the server has, signed out', T, async (t) => {
  await suite.withPage(async (page, context) => {
    await validatePaths(t, context, [
      { path: '/' }, { path: '/eventi?tipo=incontro&destinatari=pubblico' }, { path: '/moduli?gruppo=polizia-locale' },
      { path: EVENT.path }, { path: CANCELLED_EVENT.path }, { path: '/accedi' }, { path: '/registrati' },
      { path: '/registrati?codice=CODICESBAGLIATO', status: 400 },
      { path: '/pagina-che-non-esiste', status: 404 },
    ]);
  });
});

test('signed-in pages of every role', T, async (t) => {
  await suite.withPage(async (page, context) => {
    await signIn(page, suite.site, 'admin');
    await open(page, suite.site, '/admin/persone');
    const personHref = await page.locator('main table a', { hasText: 'Allieva di prova' }).getAttribute('href');
    await validatePaths(t, context, [
      { path: '/area', label: '/area (admin)' }, { path: '/admin/persone' },
      { path: '/admin/persone?ruolo=learner&gruppo=polizia-locale' }, { path: personHref },
      { path: '/admin/inviti' }, { path: '/admin/registro' }, { path: '/admin/eventi' },
    ]);
  });
  await suite.withPage(async (page, context) => {
    await signIn(page, suite.site, 'allieva');
    await open(page, suite.site, `${EVENT.path}/iscrizione`);
    await submit(page, page.locator(`form[action="${EVENT.path}/iscrizione"] button[type="submit"]`));
    await validatePaths(t, context, [
      { path: '/area', label: '/area (learner, registered for an event)' }, { path: '/area/password' },
      { path: `${EVENT.path}/iscrizione` }, { path: `${CANCELLED_EVENT.path}/iscrizione` },
      { path: EVENT.path, label: `${EVENT.path} (signed in)` },
      { path: '/admin/persone', status: 403 },
    ]);
  });
  await suite.withPage(async (page, context) => {
    await signIn(page, suite.site, 'organizzatore');
    await validatePaths(t, context, [
      { path: '/area', label: '/area (organizer)' }, { path: '/admin/eventi', label: '/admin/eventi (organizer)' },
      { path: `/admin${EVENT.path}` }, { path: `/admin${CANCELLED_EVENT.path}` },
    ]);
  });
  await suite.withPage(async (page, context) => {
    await signIn(page, suite.site, 'formatrice');
    await validatePaths(t, context, [{ path: '/area', label: '/area (trainer)' }, { path: '/admin/inviti', label: '/admin/inviti (trainer)' }]);
  });
});

// People with accounts: registration with an invitation, login, an event registration and its
// cancellation, what the organizer sees, and what a learner may not open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EVENT, PASSWORD } from '../lib/server.mjs';
import {
  open, follow, submit, signIn, signOut, screenshot, assertOnlyLocalRequests,
} from '../lib/browser.mjs';
import { useSuite } from '../lib/suite.mjs';
import { createInvitation, registerWithInvitation } from '../lib/people.mjs';

const suite = useSuite();
const { withPage } = suite;
const T = { timeout: 120_000 };

// The person who registers with an invitation in this file.
const person = {
  username: 'nuova.persona', name: 'Nuova Persona di Prova', email: 'nuova.persona@example.org',
  password: 'cambiami ' + PASSWORD,
};
let code = '';

test('an admin creates an invitation and reads its code', T, async () => {
  await withPage(async (page) => {
    await signIn(page, suite.site, 'admin');
    await open(page, suite.site, '/admin/persone', { status: 200 });
    await screenshot(page, 'admin-people');

    const invitation = await createInvitation(page, suite.site,
                                              { group: 'polizia-locale', organization: 'Polizia locale di Cremona' });
    code = invitation.code;
    assert.match(code.replace(/-/g, ''), /^[2-9A-Z]{20}$/, `unexpected code ${code}`);
    const link = invitation.link;
    assert.match(link, /\/registrati\?codice=[-2-9A-Z]{20,}$/, `unexpected link ${link}`);
    await screenshot(page, 'admin-invitations');
  });
});

test('a person registers with the invitation, signs out and logs in', T, async () => {
  assert.ok(code, 'no invitation code from the previous test');
  await withPage(async (page, context) => {
    await open(page, suite.site, `/registrati?codice=${encodeURIComponent(code)}`, { status: 200 });
    const summary = page.locator('section.invitation-summary');
    assert.match(await summary.innerText(), /Polizia locale di Cremona/);
    await screenshot(page, 'register');
    await registerWithInvitation(page, suite.site, code, person);
    assert.equal(new URL(page.url()).pathname, '/area');
    assert.ok(await page.locator('p.notice').count() === 1, 'no welcome notice');
    assert.match(await page.locator('main').innerText(), new RegExp(person.name));
    await screenshot(page, 'area');

    await signOut(page);
    assert.equal(new URL(page.url()).pathname, '/accedi');
    assert.deepEqual((await context.cookies()).filter((c) => c.name === 'sentinella_session'), []);
    await screenshot(page, 'login');

    // the code was for one use only
    await open(page, suite.site, `/registrati?codice=${encodeURIComponent(code)}`);
    assert.equal(await page.locator('#campo-password').count(), 0, 'a used-up code still offers the form');

    await signIn(page, suite.site, person.username, { password: person.password });
    assert.match(await page.locator('main').innerText(), new RegExp(person.username));
  });
});

async function rsvpPage(page) {
  await open(page, suite.site, EVENT.path, { status: 200 });
  await follow(page, page.locator(`a.button[href="${EVENT.path}/iscrizione"]`));
  assert.equal(new URL(page.url()).pathname, `${EVENT.path}/iscrizione`);
}

async function confirmedNames(page) {
  await open(page, suite.site, `/admin/eventi`, { status: 200 });
  await follow(page, page.locator(`main a[href="/admin${EVENT.path}"]`).first());
  assert.equal(new URL(page.url()).pathname, `/admin${EVENT.path}`);
  const confirmed = await page.locator('section[aria-labelledby="evento-confermati-titolo"] tbody th[scope="row"]').allInnerTexts();
  const cancelled = page.locator('section[aria-labelledby="evento-annullate-titolo"]');
  return {
    confirmed: confirmed.map((s) => s.trim()),
    cancelled: (await cancelled.count()) ? await cancelled.locator('tbody').innerText() : '',
  };
}

test('the person registers for an event, the organizer sees it, the person cancels', T, async () => {
  await withPage(async (page) => {
    await signIn(page, suite.site, person.username, { password: person.password });
    await rsvpPage(page);
    await follow(page, page.locator(`form[action="${EVENT.path}/iscrizione"] button[type="submit"]`));
    assert.equal(new URL(page.url()).searchParams.get('esito'), 'iscritto');
    assert.match(await page.locator('.rsvp-state').innerText(), /confermata/);
    await screenshot(page, 'event-registration');

    // the organizer, in another browser context, sees the registration
    await withPage(async (organizer) => {
      await signIn(organizer, suite.site, 'organizzatore');
      const { confirmed } = await confirmedNames(organizer);
      assert.deepEqual(confirmed, [person.name]);
      await screenshot(organizer, 'admin-event');
    });

    // the person cancels, from the event page, which now shows the registration
    await open(page, suite.site, EVENT.path, { status: 200 });
    assert.match(await page.locator('.event-rsvp-state').innerText(), /Sei iscritto/);
    assert.equal(await page.locator(`a.button[href="${EVENT.path}/iscrizione"]`).count(), 0,
                 'the event page still offers to register a person who is registered');
    await follow(page, page.locator(`form[action="${EVENT.path}/iscrizione/annulla"] button[type="submit"]`));
    assert.equal(new URL(page.url()).searchParams.get('esito'), 'annullata');
    assert.match(await page.locator('.rsvp-state').innerText(), /annullato/);

    await withPage(async (organizer) => {
      await signIn(organizer, suite.site, 'organizzatore');
      const { confirmed, cancelled } = await confirmedNames(organizer);
      assert.deepEqual(confirmed, []);
      assert.match(cancelled, new RegExp(person.name), 'the cancellation is not listed');
    });
  });
});

test('a learner cannot open an admin page', T, async () => {
  await withPage(async (page) => {
    await signIn(page, suite.site, 'allieva');
    for (const path of ['/admin/persone', '/admin/inviti', '/admin/registro', '/admin/eventi']) {
      const response = await open(page, suite.site, path);
      assert.equal(response.status(), 403, `${path} answered ${response.status()} to a learner`);
      assert.equal((await page.locator('main h1').innerText()).trim(), 'Accesso non consentito');
      assert.equal(await page.locator('main table').count(), 0);
    }
    await screenshot(page, 'forbidden');
  });
  // and someone who is not signed in is sent to the login page
  await withPage(async (page) => {
    await open(page, suite.site, '/admin/persone');
    assert.equal(new URL(page.url()).pathname, '/accedi');
    assert.equal(new URL(page.url()).searchParams.get('dopo'), '/admin/persone');
  });
});

test('no page requested anything from another host', async () => {
  assertOnlyLocalRequests(assert, suite.log, suite.site);
});

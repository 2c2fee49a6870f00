// Attendance in the room and the report for the funder, as the people involved do it: the admin
// lets the trainer mark her module's course; the trainer shows the check-in code on the room's
// screen; a learner types it on her phone and is marked present; the trainer corrects the mark on
// the roster (she arrived late), once more while the connection is down; the admin finds the hours
// in the report and downloads it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LIVE_COURSE } from '../lib/server.mjs';
import { open, follow, submit, signIn, screenshot, assertOnlyLocalRequests } from '../lib/browser.mjs';
import { useSuite } from '../lib/suite.mjs';

const suite = useSuite();
const { withPage } = suite;
const T = { timeout: 300_000 };

const ROSTER = () => `${LIVE_COURSE.admin}/incontri/1`;
const LEARNER = 'Allieva di prova';

test('the admin lets the trainer mark attendance for the groups she trains', T, async () => {
  await withPage(async (page) => {
    await signIn(page, suite.site, 'admin');
    await open(page, suite.site, '/admin/persone', { status: 200 });
    await follow(page, page.getByRole('link', { name: 'Formatrice di prova' }));
    await page.locator('#campo-group-polizia-locale').check();
    await submit(page, page.locator('form[action$="/gruppi"] button[type="submit"]'));
    assert.ok(await page.locator('#campo-group-polizia-locale').isChecked(), 'the trained group was not saved');
  });
});

test('the trainer shows the code, a learner checks in, the trainer corrects the mark', T, async () => {
  await withPage(async (trainer) => {
    await signIn(trainer, suite.site, 'formatrice');
    // The course is among her events, and its meeting links to the code screen.
    await open(trainer, suite.site, '/admin/eventi', { status: 200 });
    await follow(trainer, trainer.locator(`a[href="${LIVE_COURSE.admin}"]`).first());
    await follow(trainer, trainer.locator(`a[href="${ROSTER()}/codice"]`).first());
    const shown = trainer.locator('#codice-presenza');
    const code = await shown.getAttribute('data-code');
    assert.match(code ?? '', /^[0-9]{6}$/, 'no six-digit code on the screen');
    assert.equal(await trainer.locator('svg#codice-qr').count(), 1, 'no QR code on the screen');
    await screenshot(trainer, 'checkin-screen');

    await withPage(async (learner) => {
      await signIn(learner, suite.site, 'allieva');
      // The QR opens the form with the code filled in: one tap confirms it.
      await open(learner, suite.site, `/presenza?codice=${code}`, { status: 200 });
      assert.equal(await learner.locator('#campo-codice').inputValue(), code);
      await submit(learner, learner.locator('#presenza-invia'));
      assert.match(await learner.locator('#presenza-esito-titolo').innerText(), /Presenza registrata/,
                   'the learner was not checked in');
      await screenshot(learner, 'checkin-done');
    });

    // The screen's count follows without reloading (its script reads codice.json).
    await trainer.waitForFunction(() => document.querySelector('#codice-conteggio')?.textContent.includes('1'),
                                  null, { timeout: 60_000 });

    // On the roster she is present; the trainer records that she came late, for an hour and a half.
    await open(trainer, suite.site, ROSTER(), { status: 200 });
    const row = trainer.locator('li[id^="persona-"]', { hasText: LEARNER });
    assert.equal(await row.count(), 1, 'the learner is not on the roster');
    const key = 'p' + (await row.getAttribute('id')).replace('persona-', '');
    assert.match(await trainer.locator(`#attuale-${key}`).innerText(), /Presente/);
    await trainer.locator(`#stato-${key}-late`).check();
    await trainer.locator(`#ore-${key}`).fill('1,5');
    await trainer.locator(`#salva-${key}`).click();
    await trainer.locator(`#esito-${key}[data-state="saved"]`).waitFor({ timeout: 30_000 });
    await screenshot(trainer, 'roster');
    await open(trainer, suite.site, ROSTER(), { status: 200 });
    assert.match(await trainer.locator(`#attuale-${key}`).innerText(), /In ritardo, 1,5 ore/,
                 'the correction was not kept');

    // The room's connection drops: the next change waits on the phone and is saved when it is back.
    const note = 'arrivata con il treno delle 9';
    await trainer.context().setOffline(true);
    await trainer.locator(`#nota-${key}`).fill(note);
    await trainer.locator(`#salva-${key}`).click();
    await trainer.locator(`#esito-${key}[data-state="waiting"]`).waitFor({ timeout: 30_000 });
    await trainer.context().setOffline(false);
    await trainer.locator(`#esito-${key}[data-state="saved"]`).waitFor({ timeout: 60_000 });
    // The request that failed while offline is what this step is about, not an error of the page.
    suite.log.consoleErrors = suite.log.consoleErrors.filter((e) => !e.text.includes('ERR_INTERNET_DISCONNECTED'));
    await open(trainer, suite.site, ROSTER(), { status: 200 });
    assert.equal(await trainer.locator(`#nota-${key}`).inputValue(), note, 'the change made offline was lost');
    assert.match(await trainer.locator(`#attuale-${key}`).innerText(), /In ritardo, 1,5 ore/);
  });
  assertOnlyLocalRequests(assert, suite.log, suite.site);
});

test('the admin finds the hours in the report and downloads it', T, async () => {
  await withPage(async (page) => {
    await signIn(page, suite.site, 'admin');
    await open(page, suite.site, `/admin/report?periodo=${LIVE_COURSE.year}`, { status: 200 });
    assert.match(await page.locator('h1').innerText(), /Report del programma/);
    assert.match(await page.locator('main').innerText(), /1,5/, 'the hour and a half is not in the report');
    await screenshot(page, 'report');

    const xlsx = page.getByRole('link', { name: /Scarica il report \(Excel/ });
    const xlsxAnswer = await page.request.get(new URL(await xlsx.getAttribute('href'), page.url()).href);
    assert.equal(xlsxAnswer.status(), 200);
    assert.match(xlsxAnswer.headers()['content-type'], /spreadsheetml\.sheet/);
    const bytes = await xlsxAnswer.body();
    assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'the workbook is not a zip file');

    const csv = page.getByRole('link', { name: /Scarica la tabella per gruppo e modulo/ });
    const csvAnswer = await page.request.get(new URL(await csv.getAttribute('href'), page.url()).href);
    assert.equal(csvAnswer.status(), 200);
    const text = await csvAnswer.text();
    assert.match(text, /Polizia locale/);
    assert.match(text, /1,5/);

    await follow(page, page.getByRole('link', { name: /Relazione stampabile/ }));
    assert.match(await page.locator('h1').innerText(), /Relazione sulle attività del programma/);
  });
  assertOnlyLocalRequests(assert, suite.log, suite.site);
});

// Taking a course from start to finish, as a new learner does: registered with an invitation, she
// starts the usura module, marks each lesson read, fails its quiz, passes it on the second attempt
// and finds the module completed in "La mia area". Screens are read as a person would: by the
// visible texts and the forms' own buttons.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PASSWORD, repoRoot } from '../lib/server.mjs';
import { open, follow, submit, signIn, screenshot, assertOnlyLocalRequests } from '../lib/browser.mjs';
import { useSuite } from '../lib/suite.mjs';
import { createInvitation, registerWithInvitation } from '../lib/people.mjs';

const suite = useSuite();
const { withPage } = suite;
const T = { timeout: 300_000 };

const MODULE = '/moduli/usura';
const QUIZ = `${MODULE}/quiz/verifica`;
const learner = {
  username: 'agente.rossi', name: 'Agente Giulia Rossi', email: 'giulia.rossi@example.org',
  password: 'una password lunga ' + PASSWORD,
};

// The quiz's questions as its file states them (content/modules/usura/quiz-verifica.md): for each,
// the options marked right (`- [x]`) and wrong (`- [ ]`), or the accepted answers. Read from the
// bundled file, so that the test answers what the trainers wrote.
function quizKey() {
  const text = fs.readFileSync(path.join(repoRoot, 'content/modules/usura/quiz-verifica.md'), 'utf8');
  return text.split(/^## /m).slice(1).map((block) => {
    const right = [...block.matchAll(/^- \[x\] (.+)$/gm)].map((m) => m[1].trim());
    const wrong = [...block.matchAll(/^- \[ \] (.+)$/gm)].map((m) => m[1].trim());
    const accepted = /Risposte accettate:/.test(block)
      ? [...block.matchAll(/^- (?!\[)(.+)$/gm)].map((m) => m[1].trim()) : [];
    return { right, wrong, accepted };
  });
}

// Answers every question of the attempt page: the right options (or an accepted answer) when
// `correct`, otherwise only wrong ones (or a wrong text).
async function answerAll(page, key, correct) {
  const questions = page.locator('fieldset.quiz-question');
  assert.equal(await questions.count(), key.length, 'the attempt shows every question of the quiz');
  for (let i = 0; i < key.length; ++i) {
    const q = questions.nth(i);
    if (key[i].accepted.length) {
      await q.locator('input[type="text"]').fill(correct ? key[i].accepted[0] : '113');
      continue;
    }
    const pick = correct ? key[i].right : key[i].wrong.slice(0, 1);
    for (const label of pick) await q.getByLabel(label, { exact: true }).check();
  }
}

let invitation = null;

test('a trainer invites a new officer, who registers', T, async () => {
  await withPage(async (page) => {
    await signIn(page, suite.site, 'admin');
    invitation = await createInvitation(page, suite.site,
                                        { group: 'polizia-locale', organization: 'Polizia locale di Cremona' });
  });
  await withPage(async (page) => {
    await registerWithInvitation(page, suite.site, invitation.code, learner);
    assert.equal(new URL(page.url()).pathname, '/area');
    const recommended = page.locator('section[aria-labelledby="area-consigliati-titolo"]');
    assert.equal(await recommended.locator(`a[href="${MODULE}"]`).count(), 1,
                 'the usura module is recommended to local police');
  });
});

test('the learner reads every lesson, fails the quiz, passes it and completes the module', T, async () => {
  assert.ok(invitation, 'no account from the previous test');
  await withPage(async (page) => {
    await signIn(page, suite.site, learner.username, { password: learner.password });

    // Starting leads to the first lesson; each "Ho letto questa lezione" to the next one.
    await open(page, suite.site, MODULE, { status: 200 });
    await follow(page, page.locator(`form[action="${MODULE}/inizia"] button[type="submit"]`));
    let read = 0;
    for (;;) {
      const mark = page.locator('.lesson-progress form button[type="submit"]');
      if (!(await mark.count())) break;
      assert.match(await page.locator('main').innerText(), /Lezione \d+ di 4/);
      if (read === 1) await screenshot(page, 'lesson-signed-in');
      await follow(page, mark);
      ++read;
      assert.ok(read <= 4, 'more lessons to mark than the module has');
    }
    assert.equal(read, 4, 'the module has four lessons to mark read');
    await open(page, suite.site, MODULE, { status: 200 });
    const progress = page.locator('section.module-progress');
    assert.match(await progress.innerText(), /4 di 4/);
    assert.equal(await progress.locator('.progress-done').count(), 0, 'completed before passing the quiz');
    await screenshot(page, 'module-signed-in');

    // First attempt: wrong answers. The question page shows no explanation before submission.
    const key = quizKey();
    await open(page, suite.site, QUIZ, { status: 200 });
    await follow(page, page.locator(`form[action="${QUIZ}/tentativi"] button[type="submit"]`));
    const firstAttempt = new URL(page.url()).pathname;
    assert.equal(await page.locator('.quiz-explanation').count(), 0);
    await answerAll(page, key, false);
    await screenshot(page, 'quiz-attempt');
    await submit(page, page.locator('button[name="azione"][value="consegna"]'));
    assert.equal(new URL(page.url()).pathname, firstAttempt);
    assert.equal(await page.locator('.quiz-outcome-title.quiz-failed').count(), 1, 'the first attempt passed');
    assert.equal(await page.locator('.quiz-explanation').count(), key.length, 'every explanation after the attempt');
    await screenshot(page, 'quiz-result-failed');

    // Second attempt, from the result page: right answers.
    await follow(page, page.locator(`form[action="${QUIZ}/tentativi"] button[type="submit"]`));
    assert.notEqual(new URL(page.url()).pathname, firstAttempt, 'the second attempt is a new one');
    await answerAll(page, key, true);
    await submit(page, page.locator('button[name="azione"][value="consegna"]'));
    assert.equal(await page.locator('.quiz-outcome-title.quiz-passed').count(), 1,
                 `the second attempt did not pass: ${await page.locator('.quiz-outcome').innerText()}`);
    await screenshot(page, 'quiz-result-passed');

    // The module is completed: on its page and in "La mia area".
    await open(page, suite.site, MODULE, { status: 200 });
    assert.equal(await page.locator('section.module-progress .progress-done').count(), 1);
    await open(page, suite.site, '/area', { status: 200 });
    const completed = page.locator('section[aria-labelledby="area-completati-titolo"]');
    assert.equal(await completed.locator(`a[href="${MODULE}"]`).count(), 1, 'not among the completed modules');
    assert.match(await completed.innerText(), /100%/);
    const inProgress = page.locator('section[aria-labelledby="area-in-corso-titolo"]');
    assert.equal(await inProgress.locator(`a[href="${MODULE}"]`).count(), 0);
    await screenshot(page, 'area-completed');
  });
  assertOnlyLocalRequests(assert, suite.log, suite.site);
});

test('the trainer sees the completion and the questions that went wrong', T, async () => {
  await withPage(async (page) => {
    await signIn(page, suite.site, 'admin');
    await open(page, suite.site, `/admin${MODULE}`, { status: 200 });
    const main = await page.locator('main').innerText();
    assert.match(main, new RegExp(learner.name));
    await screenshot(page, 'admin-module');
  });
});

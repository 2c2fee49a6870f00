// Every page shape of the site, listed once: what the browser tests measure on each (sideways
// scrolling, transferred bytes, screenshots, axe-core). A new kind of page is checked everywhere
// by adding one line here.
//
// A shape is { name, path, as?, status?, budget, helplines? }:
//   name    names its screenshots (<name>-<width>.png) and its lines in failure reports;
//   path    a path, or a function of the paths found by preparePageShapes (a module, a lesson...);
//   as      the account it is opened with (lib/server.mjs ACCOUNTS), signed out when absent;
//   status  the answer expected, 200 when absent;
//   budget  the most bytes the page may transfer with a cold cache, in KB (1,000 bytes): the HTML,
//           the style sheets, the fonts, the scripts and the images it loads, compressed as the
//           server sends them, response headers included (see lib/measure.mjs). The figures
//           measured when they were set are in docs/performance.md, "Page weight budgets";
//   helplines  (the home page) on a 390x844 phone, the help box's tel: links for 112 and 1522 are
//           in the first screen.
import { EVENT, QUIZ, LIVE_COURSE, LIVE_SCREENING } from './server.mjs';
import { newContext, open, follow, submit, signIn } from './browser.mjs';
import { createInvitation } from './people.mjs';

// The home page must stay under 150 KB (issue 10): it may carry the programme's image. The others
// get 130 KB. When the budgets were set every page weighed 15-18 KB (docs/performance.md); the
// theme's fonts (Titillium Web, two or three woff2 weights of 20-25 KB each) and the logo come on
// top: about 110 KB, leaving room for the HTML to grow but not for another library or weight.
export const PAGE_SHAPES = [
  { name: 'home', path: '/', budget: 150, helplines: true },
  { name: 'catalogue', path: '/moduli', budget: 130 },
  { name: 'catalogue-filtered', path: '/moduli?gruppo=polizia-locale', budget: 130 },
  { name: 'module', path: (p) => p.module, budget: 130 },
  { name: 'lesson', path: (p) => p.lesson, budget: 130 },
  { name: 'events', path: '/eventi', budget: 130 },
  { name: 'events-month', path: EVENT.month, budget: 130 },
  { name: 'events-archive', path: '/eventi/archivio', budget: 130 },
  { name: 'event', path: EVENT.path, budget: 130 },
  { name: 'content-page', path: '/aiuto', budget: 130 },
  { name: 'login', path: '/accedi', budget: 130 },
  { name: 'register', path: (p) => `/registrati?codice=${encodeURIComponent(p.inviteCode)}`, budget: 130 },
  { name: 'not-found', path: '/pagina-che-non-esiste', status: 404, budget: 130 },
  { name: 'area', as: 'allieva', path: '/area', budget: 130 },
  { name: 'event-registration', as: 'allieva', path: `${EVENT.path}/iscrizione`, budget: 130 },
  { name: 'admin-events', as: 'organizzatore', path: '/admin/eventi', budget: 130 },
  { name: 'admin-event', as: 'organizzatore', path: `/admin${EVENT.path}`, budget: 130 },
  { name: 'admin-people', as: 'admin', path: '/admin/persone', budget: 130 },
  { name: 'admin-person', as: 'admin', path: (p) => p.person, budget: 130 },
  { name: 'admin-invitations', as: 'admin', path: '/admin/inviti', budget: 130 },
  { name: 'admin-audit', as: 'admin', path: '/admin/registro', budget: 130 },
  { name: 'module-signed-in', as: 'allieva', path: (p) => p.module, budget: 130 },
  { name: 'lesson-signed-in', as: 'allieva', path: (p) => p.lesson, budget: 130 },
  { name: 'quiz', as: 'allieva', path: QUIZ.path, budget: 130 },
  { name: 'quiz-attempt', as: 'allieva', path: (p) => p.quizAttempt, budget: 130 },
  { name: 'quiz-result', as: 'allieva', path: (p) => p.quizResult, budget: 130 },
  { name: 'admin-modules', as: 'formatrice', path: '/admin/moduli', budget: 130 },
  { name: 'admin-module', as: 'formatrice', path: (p) => `/admin${p.module}`, budget: 130 },
  { name: 'admin-assignments', as: 'formatrice', path: (p) => `/admin${p.module}/assegnazioni`, budget: 130 },
  { name: 'roster', as: 'organizzatore', path: () => `${LIVE_COURSE.admin}/incontri/1`, budget: 130 },
  { name: 'sign-in-sheet', as: 'organizzatore', path: () => `${LIVE_COURSE.admin}/incontri/1/foglio`, budget: 130 },
  { name: 'attendance-import', as: 'organizzatore', path: () => `${LIVE_COURSE.admin}/incontri/1/importa`, budget: 130 },
  { name: 'checkin-screen', as: 'organizzatore', path: () => `${LIVE_COURSE.admin}/incontri/1/codice`, budget: 130 },
  { name: 'checkin', as: 'allieva', path: '/presenza', budget: 130 },
  { name: 'event-audience', as: 'organizzatore', path: () => `${LIVE_SCREENING.admin}/pubblico`, budget: 130 },
  { name: 'report', as: 'admin', path: '/admin/report', budget: 130 },
  { name: 'report-relazione', as: 'admin', path: '/admin/report/relazione', budget: 130 },
  { name: 'results', path: '/risultati', budget: 130 },
];

// Where the home page's help box is, with the helplines that must be in a phone's first screen.
export const HELP_BOX = '.help-box';
export const FIRST_SCREEN_HELPLINES = ['112', '1522'];

export function shapePath(shape, paths) {
  const p = typeof shape.path === 'function' ? shape.path(paths) : shape.path;
  if (!p) throw new Error(`page shape ${shape.name}: no path (was preparePageShapes called?)`);
  return p;
}

// The roles the shapes are opened as, each once.
export function shapeRoles(shapes = PAGE_SHAPES) {
  return [...new Set(shapes.map((s) => s.as).filter(Boolean))];
}

// Gives the site what the shapes show (an invitation, the learner registered for the test event,
// so that the attendance list has a row, following a module, with quiz attempts) and finds the paths that depend on the content and the
// database: { module, lesson, person, inviteCode, quizAttempt, quizResult }. Safe to call on a site where a test already
// registered the learner or created invitations.
export async function preparePageShapes(suite) {
  const { site } = suite;
  const paths = {};
  await suite.withPage(async (page) => {
    await open(page, site, '/moduli', { status: 200 });
    paths.module = await page.locator('.results .card-title a').first().getAttribute('href');
    await open(page, site, paths.module, { status: 200 });
    paths.lesson = await page.locator('p.start a.button').getAttribute('href');
  });
  await suite.withPage(async (page) => {
    await signIn(page, site, 'admin');
    paths.inviteCode = (await createInvitation(page, site,
                                               { group: 'volontariato', organization: 'Associazione di prova',
                                                 days: 10, uses: 5 })).code;
    await open(page, site, '/admin/persone', { status: 200 });
    paths.person = await page.locator('main table a', { hasText: 'Allieva di prova' }).getAttribute('href');
  });
  await suite.withPage(async (page) => {
    await signIn(page, site, 'allieva');
    await open(page, site, `${EVENT.path}/iscrizione`, { status: 200 });
    const register = page.locator(`form[action="${EVENT.path}/iscrizione"] button[type="submit"]`);
    if (await register.count()) await follow(page, register);
    // The learner follows the module (its page then shows her progress) and has a submitted attempt
    // and an unfinished one on the tests' quiz (unlimited attempts: each preparation adds two).
    await open(page, site, paths.module, { status: 200 });
    const start = page.locator(`form[action="${paths.module}/inizia"] button[type="submit"]`);
    if (await start.count()) await follow(page, start);
    const startQuiz = () => page.locator(`form[action="${QUIZ.path}/tentativi"] button[type="submit"]`);
    await open(page, site, QUIZ.path, { status: 200 });
    await follow(page, startQuiz());
    await submit(page, page.locator('button[name="azione"][value="consegna"]'));
    paths.quizResult = new URL(page.url()).pathname;
    await follow(page, startQuiz());
    paths.quizAttempt = new URL(page.url()).pathname;
  });
  for (const [key, value] of Object.entries(paths)) {
    if (!value) throw new Error(`preparePageShapes: found no ${key}`);
  }
  return paths;
}

// Signs each role in once, in a context of its own, and keeps its cookies: a fresh context made
// with { storageState: states[role] } is signed in and has an empty cache.
export async function signedInStates(suite, roles = shapeRoles()) {
  const states = {};
  for (const role of roles) {
    const context = await newContext(suite.browser, suite.log);
    try {
      await signIn(await context.newPage(), suite.site, role);
      states[role] = await context.storageState();
    } finally {
      await context.close();
    }
  }
  return states;
}

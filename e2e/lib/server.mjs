// A real Sentinella server for one test file: a copy of the bundled content/ in a temporary
// folder (plus two events in 2030, so that date-dependent flows never expire, and a quiz with
// unlimited attempts), a fresh database,
// one account per role created with `sentinella user add --password-stdin`, and
// `sentinella serve --port 0`, whose port is read from "listening on http://127.0.0.1:PORT/".
// A second, tiny HTTP server on 127.0.0.1 stands in for the quick exit's neutral site ("Meteo"),
// so that leaving the site is observable without the internet.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const binary = process.env.SENTINELLA_BIN || path.join(repoRoot, 'build', 'sentinella');
export const PASSWORD = 'una password di prova e2e';

// Accounts created for every site: username, roles, target group (learners belong to one).
export const ACCOUNTS = [
  { username: 'admin', roles: 'admin', name: 'Amministrazione' },
  { username: 'formatrice', roles: 'trainer', name: 'Formatrice di prova' },
  { username: 'organizzatore', roles: 'organizer', name: 'Organizzatore di prova' },
  { username: 'allieva', roles: 'learner', name: 'Allieva di prova', group: 'polizia-locale' },
];

// Events of the test's own, far in the future (the bundled ones expire with the real date).
export const EVENT = {
  path: '/eventi/2030/incontro-prova-e2e',
  title: 'Incontro di prova per i test nel browser',
  month: '/eventi/calendario/2030/05',
};
export const CANCELLED_EVENT = {
  path: '/eventi/2030/incontro-annullato-e2e',
  title: 'Incontro annullato di prova',
};

// A quiz of the tests' own, with unlimited attempts, in a module the learning flow does not take:
// the page shapes start and submit attempts on it as often as they are prepared.
export const QUIZ = {
  module: 'tutela-vittime',
  path: '/moduli/tutela-vittime/quiz/prova-e2e',
  file: 'modules/tutela-vittime/quiz-prova-e2e.md',
  text: `---
title: "Verifica di prova per i test nel browser"
pass_mark: 50
shuffle: true
---
Due domande, usate dai test nel browser.

## Chi risponde al 1522?

- [x] Il servizio antiviolenza e stalking
- [ ] Il servizio meteo

> Il 1522 è gratuito e attivo giorno e notte.

## Quali sono reati spia della violenza di genere? (più risposte)

- [x] Gli atti persecutori
- [x] I maltrattamenti in famiglia
- [ ] Il divieto di sosta
`,
};

// A course of the usura module held right now (from an hour ago to two hours from now, in the
// site's time zone), for the attendance tests: check-in codes are accepted only during a meeting.
export const LIVE_COURSE = {
  slug: 'corso-in-corso-e2e',
  title: 'Corso in corso per i test nel browser',
};

// "2026-11-29 14:05" in Europe/Rome, `minutes` from now, on a five-minute boundary.
function romeTime(minutes) {
  const at = new Date(Math.floor((Date.now() + minutes * 60_000) / 300_000) * 300_000);
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit',
    minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

// A public screening without registration that began an hour ago: its organizers record the audience.
export const LIVE_SCREENING = {
  slug: 'proiezione-in-corso-e2e',
  title: 'Proiezione in corso per i test nel browser',
};

function liveScreeningFile() {
  const start = romeTime(-60), end = romeTime(60);
  LIVE_SCREENING.year = start.slice(0, 4);
  LIVE_SCREENING.admin = `/admin/eventi/${LIVE_SCREENING.year}/${LIVE_SCREENING.slug}`;
  return `---
title: "${LIVE_SCREENING.title}"
type: incontro
start: ${start}
end: ${end}
location:
  name: Cinema comunale
audience:
  - pubblico
organizer: Comune di Cremona
---
Una proiezione aperta a tutti, senza iscrizione, usata dai test nel browser.
`;
}

function liveCourseFile() {
  const start = romeTime(-60), end = romeTime(120);
  LIVE_COURSE.year = start.slice(0, 4);
  LIVE_COURSE.admin = `/admin/eventi/${LIVE_COURSE.year}/${LIVE_COURSE.slug}`;
  return `---
title: "${LIVE_COURSE.title}"
type: formazione
meetings:
  - start: ${start}
    end: ${end}
modules:
  - usura
location:
  name: Sala formazione del Comando
audience:
  - polizia-locale
organizer: Comune di Cremona
registration: true
---
Una mattina sull'usura per la polizia locale, usata dai test nel browser.
`;
}

const EVENT_FILES = {
  'incontro-prova-e2e.md': `---
title: "${EVENT.title}"
type: incontro
start: 2030-05-15 18:00
end: 2030-05-15 20:00
location:
  name: Sala del Consiglio comunale
  address: "Piazza del Comune, 8 - Cremona"
audience:
  - pubblico
organizer: Comune di Cremona
capacity: 20
registration: true
---
Un incontro informativo aperto a tutti, usato dai test nel browser: ci si iscrive da questa pagina.

## Programma

| Ora | |
|---|---|
| 18:00 | Accoglienza |
| 18:30 | Incontro |
`,
  'incontro-annullato-e2e.md': `---
title: "${CANCELLED_EVENT.title}"
type: incontro
start: 2030-06-12 18:00
end: 2030-06-12 19:30
location:
  name: Biblioteca civica
audience:
  - pubblico
organizer: Comune di Cremona
status: cancelled
---
Questo incontro è stato annullato.
`,
};

function run(args, input) {
  const r = spawnSync(binary, args, { input, encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw new Error(`${binary} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${binary} ${args.join(' ')} exited with ${r.status}:\n${r.stderr}`);
  return r;
}

// A neutral local page, where the quick exit leads in the tests.
function startNeutralSite() {
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end('<!DOCTYPE html><html lang="it"><head><meta charset="utf-8"><title>Meteo</title></head>' +
            '<body><main><h1>Meteo</h1><p>Sereno, 18 gradi.</p></main></body></html>');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function waitForPort(child, logPath, timeoutMs) {
  return new Promise((resolve, reject) => {
    const pattern = /listening on http:\/\/127\.0\.0\.1:(\d+)\//;
    let settled = false;
    const finish = (fn, value) => {
      if (settled) return;
      settled = true;
      clearInterval(timer);
      clearTimeout(deadline);
      child.off('exit', onExit);
      fn(value);
    };
    const readLog = () => { try { return fs.readFileSync(logPath, 'utf8'); } catch { return ''; } };
    const onExit = (code, signal) =>
      finish(reject, new Error(`the server exited (${code ?? signal}) before listening:\n${readLog()}`));
    child.on('exit', onExit);
    const timer = setInterval(() => {
      const m = pattern.exec(readLog());
      if (m) finish(resolve, Number(m[1]));
    }, 50);
    const deadline = setTimeout(
      () => finish(reject, new Error(`the server did not start within ${timeoutMs} ms:\n${readLog()}`)), timeoutMs);
  });
}

// Starts a site; the caller must `await site.stop()` (an `after` hook), even on failure.
export async function startSite() {
  if (!fs.existsSync(binary)) {
    throw new Error(`${binary} does not exist: build it first (make build), or set SENTINELLA_BIN`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sentinella-e2e-'));
  const site = { dir, child: null, neutral: null, logPath: path.join(dir, 'server.log') };
  site.stop = () => stopSite(site);
  try {
    site.neutral = await startNeutralSite();
    site.exitURL = `http://127.0.0.1:${site.neutral.address().port}/meteo`;

    const content = path.join(dir, 'content');
    fs.cpSync(path.join(repoRoot, 'content'), content, { recursive: true });
    const siteYaml = path.join(content, 'site.yaml');
    const yaml = fs.readFileSync(siteYaml, 'utf8');
    if (!/^quick_exit_url:.*$/m.test(yaml)) throw new Error('content/site.yaml has no quick_exit_url line');
    fs.writeFileSync(siteYaml, yaml.replace(/^quick_exit_url:.*$/m, `quick_exit_url: ${site.exitURL}`));
    const events2030 = path.join(content, 'events', '2030');
    fs.mkdirSync(events2030, { recursive: true });
    for (const [name, text] of Object.entries(EVENT_FILES)) fs.writeFileSync(path.join(events2030, name), text);
    fs.writeFileSync(path.join(content, QUIZ.file), QUIZ.text);
    for (const [event, text] of [[LIVE_COURSE, liveCourseFile()], [LIVE_SCREENING, liveScreeningFile()]]) {
      fs.mkdirSync(path.join(content, 'events', event.year), { recursive: true });
      fs.writeFileSync(path.join(content, 'events', event.year, `${event.slug}.md`), text);
    }

    const db = path.join(dir, 'sentinella.db');
    run(['import', '--content', content, '--db', db]);
    for (const a of ACCOUNTS) {
      const args = ['user', 'add', '--db', db, '--username', a.username, '--name', a.name, '--roles', a.roles,
                    '--organization', 'Comune di Cremona', '--password-stdin'];
      if (a.group) args.push('--group', a.group);
      run(args, PASSWORD + '\n');
    }

    const log = fs.openSync(site.logPath, 'w');
    site.child = spawn(binary, ['serve', '--host', '127.0.0.1', '--port', '0', '--content', content, '--db', db,
                                '--theme', path.join(repoRoot, 'themes', 'default')],
                       { stdio: ['ignore', log, log] });
    fs.closeSync(log);
    site.child.once('exit', () => { site.exited = true; });
    // Should this process end without the `after` hook (a crash, Ctrl-C), take the server along.
    const kill = () => { if (!site.exited) site.child.kill('SIGKILL'); };
    process.once('exit', kill);
    site.child.once('exit', () => process.off('exit', kill));
    site.port = await waitForPort(site.child, site.logPath, 60_000);
    site.origin = `http://127.0.0.1:${site.port}`;
    site.host = `127.0.0.1:${site.port}`;
    site.url = (p) => site.origin + p;
    site.log = () => { try { return fs.readFileSync(site.logPath, 'utf8'); } catch { return ''; } };
    return site;
  } catch (e) {
    await stopSite(site);
    throw e;
  }
}

async function stopSite(site) {
  if (site.stopped) return;
  site.stopped = true;
  const child = site.child;
  if (child && !site.exited && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  if (site.neutral) {
    site.neutral.closeAllConnections?.();
    await new Promise((resolve) => site.neutral.close(() => resolve()));
  }
  if (!process.env.E2E_KEEP_TMP) fs.rmSync(site.dir, { recursive: true, force: true });
}

/* Sentinella: the attendance register of a meeting (templates/roster.mustache).
 * Without JavaScript each person's form posts and the page comes back at that person.
 * With it, a form's change is sent in the background (fetch, Accept: application/json) and first
 * written to a queue in localStorage, so that a change made while the connection is down is not
 * lost: it is sent again when the browser is back online, every 15 seconds while anything waits,
 * and when the page is opened again (even after signing in again: the CSRF token is added at
 * sending time, from the page). Each row says "salvato" / "in attesa di connessione" in a live
 * region. A change to the same person replaces the one still waiting.
 */
(function () {
  'use strict';

  var list = document.getElementById('registro');
  if (!list || !window.fetch || !window.FormData) {
    return;
  }
  var KEY = 'sentinella-registro-presenze';
  var RETRY_MS = 15000;
  var sending = false;

  function load() {
    try {
      return JSON.parse(window.localStorage.getItem(KEY) || '[]');
    } catch (e) {
      return [];
    }
  }

  function save(queue) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(queue));
    } catch (e) {
      /* storage full or forbidden: the change still goes out now if it can */
    }
  }

  function say(key, text, state) {
    var el = document.getElementById('esito-' + key);
    if (el) {
      el.textContent = text;
      el.setAttribute('data-state', state);
    }
  }

  function enqueue(item) {
    var queue = load().filter(function (q) {
      return !(q.action === item.action && q.key === item.key);
    });
    queue.push(item);
    save(queue);
  }

  function drop(item) {
    save(load().filter(function (q) {
      return !(q.action === item.action && q.key === item.key && q.at === item.at);
    }));
  }

  function body(fields) {
    var params = new URLSearchParams();
    params.append('csrf', list.getAttribute('data-csrf'));
    for (var i = 0; i < fields.length; i++) {
      params.append(fields[i][0], fields[i][1]);
    }
    return params;
  }

  function showSaved(item, answer) {
    say(item.key, list.getAttribute('data-saved'), 'saved');
    var current = document.getElementById('attuale-' + item.key);
    if (current && answer && answer.status_label) {
      current.textContent = answer.status_label + ', ' + answer.hours_text + ' ' +
        (current.getAttribute('data-unit') || 'ore');
    }
  }

  /* Sends one queued change; resolves true when the queue may go on. */
  function send(item) {
    say(item.key, list.getAttribute('data-sending'), 'sending');
    return fetch(item.action, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Accept': 'application/json' },
      body: body(item.fields)
    }).then(function (res) {
      var type = res.headers.get('Content-Type') || '';
      if (res.redirected || type.indexOf('application/json') !== 0) {
        /* signed out (sent to the login page) or the token refused: keep it for later */
        say(item.key, list.getAttribute('data-relogin'), 'waiting');
        return false;
      }
      return res.json().then(function (answer) {
        if (res.ok && answer.ok) {
          drop(item);
          showSaved(item, answer);
          return true;
        }
        if (res.status >= 500) {
          say(item.key, list.getAttribute('data-waiting'), 'waiting');
          return false;
        }
        drop(item);  /* refused for good (bad hours...): say why */
        say(item.key, list.getAttribute('data-failed') + ' ' + (answer.error || res.status), 'failed');
        return true;
      });
    }, function () {
      say(item.key, list.getAttribute('data-waiting'), 'waiting');
      return false;
    });
  }

  /* Sends what waits, oldest first, reading the queue afresh after each answer (a change made
   * meanwhile is sent in the same round); stops at the first change that has to wait. */
  function flush() {
    if (sending) {
      return;
    }
    sending = true;
    var tried = {};
    (function next(goOn) {
      var item = goOn && load().filter(function (q) {
        return !tried[q.key + '@' + q.at];
      })[0];
      if (!item) {
        sending = false;
        return;
      }
      tried[item.key + '@' + item.at] = true;
      send(item).then(next, function () {
        sending = false;
      });
    })(true);
  }

  list.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains('roster-mark')) {
      return;
    }
    event.preventDefault();
    var fields = [];
    var data = new FormData(form);
    data.forEach(function (value, name) {
      if (name !== 'csrf') {
        fields.push([name, String(value)]);
      }
    });
    var key = form.getAttribute('data-key');
    var item = { action: form.getAttribute('action'), key: key, fields: fields, at: Date.now() };
    enqueue(item);
    say(key, list.getAttribute('data-waiting'), 'waiting');
    flush();
  });

  /* rows waiting from an earlier visit say so */
  load().forEach(function (item) {
    say(item.key, list.getAttribute('data-waiting'), 'waiting');
  });
  window.addEventListener('online', flush);
  window.setInterval(flush, RETRY_MS);
  flush();
})();

/* Sentinella: the trainer's check-in screen (templates/checkin_screen.mustache).
 * Counts down to the next code, then asks the server for it (codice.json) and replaces the digits,
 * the QR code's path and the number checked in, without reloading the page. When the meeting's
 * window closes (no code any more) the page reloads and says so. Without JavaScript the
 * "Nuovo codice" link reloads the page.
 */
(function () {
  'use strict';

  var screen = document.getElementById('codice-schermo');
  if (!screen || !window.fetch) {
    return;
  }
  var source = screen.getAttribute('data-json');
  var digits = document.getElementById('codice-presenza');
  var seconds = document.getElementById('codice-secondi');
  var count = document.getElementById('codice-conteggio');
  var qr = document.getElementById('codice-qr');
  var path = qr ? qr.querySelector('path') : null;
  var background = qr ? qr.querySelector('rect') : null;
  var reload = document.getElementById('codice-nuovo');
  var deadline = Date.now() + 1000 * (parseInt(seconds.textContent, 10) || 0);
  var asking = false;
  var lastAsked = 0;

  if (reload) {
    reload.hidden = true;  // the screen refreshes itself
  }

  function show(data) {
    if (!data.code || !data.qr) {
      window.location.reload();
      return;
    }
    digits.textContent = data.code.slice(0, 3) + ' ' + data.code.slice(3);
    digits.setAttribute('data-code', data.code);
    if (path) {
      var size = String(data.qr.size);
      qr.setAttribute('viewBox', '0 0 ' + size + ' ' + size);
      background.setAttribute('width', size);
      background.setAttribute('height', size);
      path.setAttribute('d', data.qr.path);
    }
    count.textContent = String(data.checked_in);
    deadline = Date.now() + 1000 * Math.max(1, data.next_in_seconds);
  }

  function ask() {
    asking = true;
    lastAsked = Date.now();
    fetch(source, { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(show)
      .catch(function () {
        deadline = Date.now() + 5000;  // the connection dropped: try again shortly
        if (reload) {
          reload.hidden = false;
        }
      })
      .then(function () {
        asking = false;
      });
  }

  function tick() {
    var left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
    seconds.textContent = String(left);
    // A new code when this one expires; the count of people checked in every ten seconds.
    if (!asking && (left === 0 || Date.now() - lastAsked >= 10000)) {
      ask();
    }
  }

  lastAsked = Date.now();
  window.setInterval(tick, 1000);
}());

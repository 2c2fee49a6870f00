/* Sentinella: tables from Markdown scroll sideways on small screens (see style.css).
 * A table that is wider than the page becomes keyboard-focusable, so that it can be
 * scrolled with the arrow keys; a table that fits is left alone.
 */
(function () {
  'use strict';

  function update() {
    var tables = document.querySelectorAll('main table');
    for (var i = 0; i < tables.length; i++) {
      var table = tables[i];
      var overflows = table.scrollWidth > table.clientWidth + 1;
      if (overflows && !table.hasAttribute('tabindex')) {
        table.setAttribute('tabindex', '0');
        table.setAttribute('data-scrollable', '');
      } else if (!overflows && table.hasAttribute('data-scrollable')) {
        table.removeAttribute('tabindex');
        table.removeAttribute('data-scrollable');
      }
    }
  }

  var pending = null;
  window.addEventListener('resize', function () {
    if (pending !== null) {
      window.clearTimeout(pending);
    }
    pending = window.setTimeout(function () {
      pending = null;
      update();
    }, 150);
  });

  update();
}());

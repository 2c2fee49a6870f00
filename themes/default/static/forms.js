/* Sentinella: forms of the signed-in area.
 * - When a page shows an error summary (.error-summary, visible), focus moves to it on load,
 *   so that screen readers read it and keyboard users start from it. Otherwise a new
 *   invitation code (.new-code), which is shown only once, gets the focus.
 * - A link in the summary (#campo-<name>) moves focus to the field itself, not only scrolls,
 *   and keeps its label in view. For a group of checkboxes it focuses the first one.
 * Without JavaScript the summary and its links still work as ordinary in-page links.
 */
(function () {
  'use strict';

  function visible(el) {
    return !!(el && (el.offsetWidth || el.offsetHeight || el.getClientRects().length));
  }

  function focusField(id) {
    var target = document.getElementById(id);
    if (!target) {
      return false;
    }
    var field = target;
    if (target.tagName === 'FIELDSET') {
      field = target.querySelector('input, select, textarea') || target;
    }
    var label = target.tagName === 'FIELDSET' ? target.querySelector('legend')
      : document.querySelector('label[for="' + id + '"]');
    try {
      field.focus({ preventScroll: true });
    } catch (e) {
      field.focus();
    }
    (label || field).scrollIntoView();
    return true;
  }

  /* an error summary first; otherwise a newly created invitation code, shown only once */
  var focused = false;
  var summaries = document.querySelectorAll('.error-summary');
  for (var i = 0; i < summaries.length && !focused; i++) {
    if (visible(summaries[i])) {
      summaries[i].focus();
      focused = true;
    }
  }
  var newCode = document.querySelector('.new-code');
  if (!focused && visible(newCode)) {
    newCode.focus();
  }

  document.addEventListener('click', function (event) {
    var link = event.target;
    while (link && link.tagName !== 'A') {
      link = link.parentNode;
    }
    if (!link || !link.closest || !link.closest('.error-summary')) {
      return;
    }
    var href = link.getAttribute('href') || '';
    if (href.charAt(0) !== '#') {
      return;
    }
    if (focusField(href.slice(1))) {
      event.preventDefault();
    }
  });
}());

/* Sentinella: quick exit ("Esci subito").
 * A click on #esci-subito, or the Escape key anywhere on the page, hides the page at once and
 * replaces the current history entry with the link's target (location.replace), so the Back
 * button does not return here (it returns to the page before this one). It does not erase the
 * browser's history, cookies or cache, and does not sign out.
 * Without JavaScript the link still works as an ordinary link.
 * The help page (content/pages/aiuto.md, "Il pulsante «Esci subito»") says exactly this: change
 * both together.
 */
(function () {
  'use strict';

  var LINK_ID = 'esci-subito';
  var HIDDEN_CLASS = 'quick-exit-active';
  var leaving = false;
  var savedTitle = null;

  function exitLink() {
    return document.getElementById(LINK_ID);
  }

  function leave() {
    var link = exitLink();
    var url = link && link.getAttribute('href') ? link.href : '';
    if (!url) {
      return false; /* no quick exit on this page: do nothing */
    }
    if (leaving) {
      return true;
    }
    leaving = true;
    try {
      document.documentElement.classList.add(HIDDEN_CLASS);
      savedTitle = document.title;
      document.title = '';
    } catch (e) {
      /* hiding is a courtesy: leaving is what matters */
    }
    try {
      window.location.replace(url);
    } catch (e) {
      window.location.href = url;
    }
    return true;
  }

  document.addEventListener('click', function (event) {
    var target = event.target;
    /* clicks on the text inside the link target a child element (or a text node) */
    while (target && target.id !== LINK_ID) {
      target = target.parentNode;
    }
    if (target && leave()) {
      event.preventDefault();
    }
  });

  document.addEventListener('keydown', function (event) {
    var key = event.key;
    var isEscape = key === 'Escape' || key === 'Esc' || event.keyCode === 27;
    if (!isEscape || event.ctrlKey || event.altKey || event.metaKey || event.shiftKey) {
      return;
    }
    if (event.isComposing) {
      return; /* Esc is cancelling text composition in an input method editor */
    }
    if (leave()) {
      event.preventDefault();
    }
  });

  /* If this page is ever shown again from the back-forward cache, show it normally. */
  window.addEventListener('pageshow', function (event) {
    if (event.persisted && leaving) {
      leaving = false;
      document.documentElement.classList.remove(HIDDEN_CLASS);
      if (savedTitle !== null) {
        document.title = savedTitle;
      }
    }
  });
}());

// Measurements of a page in the browser: the bytes it transfers, whether it scrolls sideways (and
// which element makes it), whether links are in the first screen.

// Records, through the Chrome DevTools Protocol, every response `page` receives from now on. The
// browser cache is disabled for the page, so what it loads is what a cold cache loads.
// `finish()` waits until the page and what it loads are done (fonts included), then returns the
// responses: { url, type (CDP's: Document, Stylesheet, Script, Font, Image...), status,
// encoding (Content-Encoding), bytes (as received: response headers and body, compressed),
// headerBytes, bodyBytes }.
export async function recordTransfers(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const requests = new Map();
  const pending = new Set();
  let lastChange = Date.now();
  const settle = (id) => { pending.delete(id); lastChange = Date.now(); };
  cdp.on('Network.requestWillBeSent', (e) => {
    requests.set(e.requestId, { url: e.request.url, type: e.type ?? 'Other' });
    pending.add(e.requestId);
    lastChange = Date.now();
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = requests.get(e.requestId);
    if (!r) return;
    const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    Object.assign(r, {
      type: e.type ?? r.type, status: e.response.status, encoding: headers['content-encoding'] ?? '',
      // what had arrived when the headers were parsed: the status line and the headers
      headerBytes: e.response.encodedDataLength ?? 0,
    });
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = requests.get(e.requestId);
    if (r) {
      r.bytes = e.encodedDataLength;
      r.bodyBytes = e.encodedDataLength - (r.headerBytes ?? 0);
    }
    settle(e.requestId);
  });
  cdp.on('Network.loadingFailed', (e) => {
    const r = requests.get(e.requestId);
    if (r) r.failed = e.errorText;
    settle(e.requestId);
  });
  return {
    async finish({ quietMs = 300, timeoutMs = 15_000 } = {}) {
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      const deadline = Date.now() + timeoutMs;
      while (pending.size > 0 || Date.now() - lastChange < quietMs) {
        if (Date.now() > deadline) {
          throw new Error(`requests still pending after ${timeoutMs} ms: ` +
                          [...pending].map((id) => requests.get(id)?.url).join(', '));
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await cdp.detach().catch(() => {});
      return [...requests.values()].filter((r) => !r.url.startsWith('data:'));
    },
  };
}

// The kinds the budgets count, by CDP resource type; anything else (a favicon, a fetch) is "other".
const KINDS = { Document: 'html', Stylesheet: 'css', Font: 'font', Script: 'js', Image: 'image' };
export const TRANSFER_KINDS = ['html', 'css', 'font', 'js', 'image', 'other'];

// Sums the responses by kind: { html, css, font, js, image, other, total, body, requests }, in bytes;
// `total` counts headers and bodies, `body` the compressed bodies alone.
export function transferTotals(responses) {
  const totals = Object.fromEntries(TRANSFER_KINDS.map((k) => [k, 0]));
  totals.total = 0;
  totals.body = 0;
  for (const r of responses) {
    const kind = KINDS[r.type] ?? 'other';
    totals[kind] += r.bytes ?? 0;
    totals.total += r.bytes ?? 0;
    totals.body += r.bodyBytes ?? 0;
  }
  totals.requests = responses.length;
  return totals;
}

// Whether the page scrolls sideways at its current size: { width (the viewport's, without a
// scroll bar), scrollWidth, clipped (the page hides its sideways overflow: overflow-x hidden or
// clip on html or body), fails, widest, innermost }. `widest` are the widest elements whose right
// edge is past the viewport, `innermost` those of them with no such element inside (usually the
// cause: a table, a long word); elements inside a box that scrolls or clips sideways are left out,
// since they cannot widen the page. Each is { selector, width, right, text }.
export async function sidewaysOverflow(page) {
  return page.evaluate(() => {
    window.scrollTo(0, 0);
    const root = document.documentElement;
    const width = Math.min(window.innerWidth, root.clientWidth);
    const scrollWidth = root.scrollWidth;
    const hides = (el) => ['hidden', 'clip'].includes(getComputedStyle(el).overflowX);
    const clipped = hides(root) || hides(document.body);
    // Whether a box that scrolls or clips sideways holds `el`: an ancestor, but for an absolutely
    // positioned element only from its containing block up (a visually hidden label inside a table
    // that scrolls in its own box escapes that box unless something in between is positioned), and
    // none for a fixed one.
    const boxed = (el) => {
      const next = (e) => {
        const position = getComputedStyle(e).position;
        if (position === 'fixed') return null;
        return position === 'absolute' ? e.offsetParent : e.parentElement;
      };
      for (let a = next(el); a && a !== document.body && a !== root; a = next(a)) {
        if (getComputedStyle(a).overflowX !== 'visible') return true;
      }
      return false;
    };
    const name = (el) => {
      let s = el.localName;
      if (el.id) s += `#${el.id}`;
      const classes = [...el.classList].slice(0, 2);
      if (classes.length) s += `.${classes.join('.')}`;
      return s;
    };
    const selector = (el) => {
      const parts = [];
      for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) parts.unshift(name(e));
      return parts.join(' > ');
    };
    const offenders = [];
    for (const el of document.body.querySelectorAll('*')) {
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 || rect.right <= width + 0.5 || boxed(el)) continue;
      offenders.push({ el, width: Math.round(rect.width), right: Math.round(rect.right) });
    }
    const describe = ({ el, width: w, right }) => ({
      selector: selector(el), width: w, right, text: (el.innerText || '').trim().replace(/\s+/g, ' ').slice(0, 50),
    });
    const widest = [...offenders].sort((a, b) => b.width - a.width).slice(0, 3).map(describe);
    const innermost = offenders.filter((o) => !offenders.some((p) => p !== o && o.el.contains(p.el)))
      .sort((a, b) => b.right - a.right).slice(0, 3).map(describe);
    const fails = scrollWidth > width || (clipped && offenders.length > 0);
    return { width, scrollWidth, clipped, fails, widest, innermost };
  });
}

export function formatOverflow(label, o) {
  const what = o.clipped
    ? `cuts off what is wider than its ${o.width} px viewport (overflow-x hidden or clip on html or body)`
    : `scrolls sideways: ${o.scrollWidth} px wide in a ${o.width} px viewport`;
  const list = (title, items) => items.length
    ? [`    ${title}:`, ...items.map((e) => `      ${e.selector} (${e.width} px wide, right edge at ${e.right})` +
                                           (e.text ? ` "${e.text}"` : ''))]
    : [];
  const none = o.widest.length ? [] : ['    no element\'s box is past the edge: look for ::before or ::after content, or a transform'];
  return [`  ${label} ${what}`, ...list('widest', o.widest), ...list('innermost', o.innermost), ...none].join('\n');
}

// The problems (none: an empty list) with the tel: links for `numbers` inside `container` when the
// page is at the top: each must exist, be visible, not covered by anything, and lie wholly inside
// the viewport.
export async function telLinksInFirstScreen(page, container, numbers) {
  return page.evaluate(({ container, numbers }) => {
    window.scrollTo(0, 0);
    const problems = [];
    const box = document.querySelector(container);
    if (!box) return [`no ${container} on the page`];
    const vw = document.documentElement.clientWidth;
    const vh = window.innerHeight;
    for (const number of numbers) {
      const links = [...box.querySelectorAll('a[href^="tel:"]')]
        .filter((a) => a.getAttribute('href').slice(4).replace(/[^0-9+]/g, '') === number);
      if (links.length === 0) {
        problems.push(`no tel: link for ${number} in ${container}`);
        continue;
      }
      const reasons = links.map((a) => {
        const r = a.getBoundingClientRect();
        if (!a.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) || r.width === 0 || r.height === 0) {
          return 'it is not visible';
        }
        if (r.top < 0 || r.left < 0 || r.bottom > vh || r.right > vw) {
          return `its box (${Math.round(r.left)}, ${Math.round(r.top)})-(${Math.round(r.right)}, ${Math.round(r.bottom)}) ` +
                 `is not wholly inside the first ${vw}x${vh} screen`;
        }
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        if (!hit || !(hit === a || a.contains(hit))) return `it is covered by ${hit ? hit.outerHTML.slice(0, 80) : 'nothing'}`;
        return '';
      });
      if (!reasons.includes('')) problems.push(`the tel: link for ${number} in ${container}: ${reasons.join('; ')}`);
    }
    return problems;
  }, { container, numbers });
}

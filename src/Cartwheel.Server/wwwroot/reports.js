// Cartwheel reports page: lists GET /api/v1/reports by period (newest first) with links to each report's page and to
// its tables as CSV and JSON. Beyond loopback (#key=KEY) links cannot carry the key, so a click fetches the file with
// X-Api-Key and opens it from a blob (the page is self-contained: inline CSS and SVG, no script).
(function () {
  'use strict';

  const LIST = '/api/v1/reports';
  const REFRESH_MS = 30000;
  const apiKey = window.cartwheelApiKey;
  const headers = apiKey ? { 'X-Api-Key': apiKey } : {};
  const created = new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
  const day = new Intl.DateTimeFormat('en-GB', { day: '2-digit', month: 'short', year: 'numeric', timeZone: 'UTC' });
  const label = (name) => name.replace(/_/g, ' ');

  function el(tag, props, children) {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    (children || []).forEach((c) => node.append(c));
    return node;
  }

  function range(r) {
    const start = day.format(new Date(r.start + 'T00:00:00Z'));
    return r.start === r.end ? start : start + ' – ' + day.format(new Date(r.end + 'T00:00:00Z'));
  }

  function link(text, href, className, download) {
    const a = el('a', { href, textContent: text, className });
    if (download) { a.setAttribute('download', download); }
    if (apiKey) { a.addEventListener('click', (e) => { e.preventDefault(); openWithKey(href, download); }); }
    return a;
  }

  async function openWithKey(href, download) {
    const response = await fetch(href, { headers, cache: 'no-store' });
    if (!response.ok) { showError('Could not open ' + href + ': HTTP ' + response.status); return; }
    const url = URL.createObjectURL(await response.blob());
    if (download) {
      el('a', { href: url, download }).click();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } else {
      location.href = url;
    }
  }

  function item(r) {
    const tables = r.tables.map((t) => el('li', {}, [
      el('span', { className: 'table-name', textContent: label(t.name) }),
      ...[['CSV', t.csv, '.csv'], ['JSON', t.json, '.json']].filter(([, href]) => href)
        .map(([text, href, ext]) => link(text, href, 'chip', r.period + '-' + r.label + '-' + t.name + ext)),
    ]));
    const open = link(r.label, r.url, 'report-link');
    open.dataset.period = r.period;
    open.dataset.label = r.label;
    return el('li', { className: 'report' }, [
      el('div', { className: 'report-head' }, [open, el('span', { className: 'report-range', textContent: range(r) })]),
      el('div', { className: 'report-meta', textContent: 'generated ' + created.format(new Date(r.created_at)) + ' UTC' }),
      el('details', {}, [el('summary', { textContent: r.tables.length + ' tables · CSV / JSON' }), el('ul', { className: 'report-tables' }, tables)]),
    ]);
  }

  function render(reports) {
    document.querySelectorAll('.report-column').forEach((column) => {
      const period = column.dataset.period;
      const mine = reports.filter((r) => r.period === period);
      column.querySelector('[data-count]').textContent = String(mine.length);
      const list = column.querySelector('.report-list');
      // Keep open <details> open across refreshes.
      const open = new Set([...list.querySelectorAll('details[open]')].map((d) => d.closest('.report').querySelector('.report-link').dataset.label));
      list.replaceChildren(...(mine.length === 0
        ? [el('li', { className: 'empty', textContent: 'No ' + period + ' reports yet: cartwheel report ' + period })]
        : mine.map(item)));
      list.querySelectorAll('.report').forEach((li) => { if (open.has(li.querySelector('.report-link').dataset.label)) { li.querySelector('details').open = true; } });
    });
    document.getElementById('report-total').textContent = String(reports.length);
  }

  function listed() {
    document.getElementById('listed').textContent = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone: 'UTC' }).format(new Date()) + ' UTC';
  }

  function showError(text) {
    const error = document.getElementById('report-error');
    error.textContent = text;
    error.hidden = !text;
  }

  async function load() {
    try {
      const response = await fetch(LIST, { headers, cache: 'no-store' });
      if (!response.ok) { throw new Error(response.status === 401 ? 'an API key is required: open this page as /reports.html#key=YOUR_KEY' : 'HTTP ' + response.status); }
      const text = await response.text();
      const reports = JSON.parse(text);
      // Re-render only when the list changed: replacing the links under a reader's pointer would swallow a click.
      if (text !== lastText) { render(reports); lastText = text; }
      listed();
      showError('');
      window.cartwheel.reports = reports;
      window.cartwheel.loads++;
    } catch (e) {
      showError('Could not list the reports: ' + e.message);
    }
  }

  let lastText = null;
  window.cartwheel = { reports: [], loads: 0 };
  load();
  setInterval(load, REFRESH_MS);
})();

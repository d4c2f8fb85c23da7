// Carries the API key of the page (/#key=KEY, for a server beyond loopback) to the other pages' links:
// the dashboard and the reports page read it from the fragment, the runs page from ?key=.
(function () {
  'use strict';
  const key = new URLSearchParams(location.hash.slice(1)).get('key');
  window.cartwheelApiKey = key;
  if (!key) { return; }
  document.querySelectorAll('[data-nav]').forEach((a) => {
    const url = new URL(a.getAttribute('href'), location.href);
    if (a.dataset.nav === 'runs') { url.searchParams.set('key', key); } else { url.hash = 'key=' + encodeURIComponent(key); }
    a.href = url.pathname + url.search + url.hash;
  });
})();

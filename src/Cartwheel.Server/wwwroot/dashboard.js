// Cartwheel live dashboard: renders /api/v1/realtime dashboard updates, pushed over SSE (EventSource), with a polling
// fallback while the stream is down. No build step: plain browser JavaScript and the vendored Apache ECharts.
(function () {
  'use strict';

  const STREAM = '/api/v1/realtime/stream';
  const POLL = '/api/v1/realtime/dashboard';
  const POLL_AFTER_MS = 4000;
  const POLL_EVERY_MS = 2000;
  // Beyond loopback the API wants a key: open the dashboard as /#key=YOUR_KEY (polling sends it as X-Api-Key).
  const apiKey = new URLSearchParams(location.hash.slice(1)).get('key');

  const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 2 });
  const moneyShort = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', notation: 'compact', maximumFractionDigits: 1 });
  const moneyWhole = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
  const count = new Intl.NumberFormat('en-US');
  const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });
  const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone: 'UTC' });

  const COLORS = ['#60a5fa', '#34d399', '#a78bfa', '#fbbf24', '#f87171', '#22d3ee', '#f472b6'];
  const TEXT = '#c9d2e3';
  const GRID_LINE = '#1e2638';
  const base = {
    backgroundColor: 'transparent',
    textStyle: { color: TEXT, fontFamily: 'Inter, "DejaVu Sans", sans-serif' },
    animationDurationUpdate: 400,
    tooltip: { trigger: 'axis', backgroundColor: '#0e1420', borderColor: GRID_LINE, textStyle: { color: TEXT } },
  };
  const minuteAxis = { type: 'category', data: [], axisLine: { lineStyle: { color: GRID_LINE } }, axisTick: { show: false }, axisLabel: { color: '#8591a8', hideOverlap: true } };
  const valueAxis = (formatter) => ({ type: 'value', axisLabel: { color: '#8591a8', formatter }, splitLine: { lineStyle: { color: GRID_LINE } } });

  function chart(id, option) {
    const c = echarts.init(document.getElementById(id), null, { renderer: 'canvas' });
    c.setOption(Object.assign({}, base, option));
    return c;
  }

  const charts = {
    revenue: chart('chart-revenue', {
      grid: { left: 64, right: 16, top: 16, bottom: 28 },
      xAxis: minuteAxis, yAxis: valueAxis((v) => moneyShort.format(v)),
      tooltip: Object.assign({}, base.tooltip, { valueFormatter: (v) => money.format(v) }),
      series: [{ name: 'Revenue', type: 'bar', data: [], itemStyle: { color: '#34d399', borderRadius: [3, 3, 0, 0] }, barMaxWidth: 18 }],
    }),
    orders: chart('chart-orders', {
      grid: { left: 48, right: 16, top: 16, bottom: 28 },
      xAxis: minuteAxis, yAxis: valueAxis((v) => count.format(v)),
      series: [{ name: 'Orders', type: 'bar', data: [], barMaxWidth: 18,
        itemStyle: { borderRadius: [3, 3, 0, 0], color: new echarts.graphic.LinearGradient(0, 0, 0, 1, [{ offset: 0, color: '#60a5fa' }, { offset: 1, color: 'rgba(96,165,250,.35)' }]) } }],
    }),
    events: chart('chart-events', {
      grid: { left: 56, right: 16, top: 54, bottom: 28 },
      color: COLORS,
      legend: { top: 0, textStyle: { color: TEXT, fontSize: 12 }, icon: 'roundRect', itemWidth: 12, itemHeight: 10, itemGap: 10 },
      xAxis: minuteAxis, yAxis: valueAxis((v) => count.format(v)),
      series: [],
    }),
    topViews: chart('chart-top-views', barOption('#a78bfa', (v) => count.format(v))),
    topRevenue: chart('chart-top-revenue', barOption('#34d399', (v) => moneyShort.format(v))),
    // Rankings and the funnel change every second: without animation they do not flicker on a wall screen.
    funnel: chart('chart-funnel', {
      animation: false,
      tooltip: { trigger: 'item', backgroundColor: '#0e1420', borderColor: GRID_LINE, textStyle: { color: TEXT } },
      color: ['#60a5fa', '#a78bfa', '#fbbf24', '#34d399'],
      series: [{ name: 'Funnel', type: 'funnel', left: '2%', width: '52%', top: 6, bottom: 6, sort: 'none', gap: 3, minSize: '12%',
        label: { show: true, position: 'right', color: TEXT, fontSize: 13, lineHeight: 18,
          rich: { step: { color: '#8591a8', fontSize: 12 }, n: { color: TEXT, fontSize: 17, fontWeight: 700 }, pct: { color: '#fbbf24', fontSize: 13, fontWeight: 600 } } },
        labelLine: { show: true, length: 8, lineStyle: { color: GRID_LINE } }, data: [] }],
    }),
  };

  function barOption(color, formatter) {
    return {
      animation: false,
      grid: { left: 8, right: 56, top: 4, bottom: 4, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, backgroundColor: '#0e1420', borderColor: GRID_LINE, textStyle: { color: TEXT }, valueFormatter: formatter },
      xAxis: { type: 'value', show: false },
      yAxis: { type: 'category', inverse: true, data: [], axisLabel: { color: TEXT, fontSize: 13 }, axisLine: { show: false }, axisTick: { show: false } },
      series: [{ type: 'bar', data: [], barMaxWidth: 18, itemStyle: { color, borderRadius: [0, 4, 4, 0] },
        label: { show: true, position: 'right', color: TEXT, formatter: (p) => formatter(p.value) } }],
    };
  }

  const minute = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
  const minutes = (series) => series.map((p) => minute.format(new Date(p.start)));
  // The newest minute is still filling up: drawn translucent so a short last bar does not read as a drop.
  const bars = (series) => series.map((p, i) => (i === series.length - 1 ? { value: Number(p.value), itemStyle: { opacity: 0.45 } } : Number(p.value)));
  const label = (type) => type.replace(/_/g, ' ');
  const setText = (selector, text) => document.querySelectorAll(selector).forEach((el) => { el.textContent = text; });

  function render(update) {
    const s = update.summary;
    // Cents stop mattering (and stop fitting on a tile) past ten thousand.
    setText('[data-kpi="revenue_last_hour"]', (s.revenue_last_hour >= 10000 ? moneyWhole : money).format(s.revenue_last_hour));
    setText('[data-kpi="orders_last_hour"]', count.format(s.orders_last_hour));
    setText('[data-kpi="events_last_hour"]', count.format(s.events_last_hour));
    setText('[data-kpi="active_sessions"]', (s.active_sessions_approximate ? '≈' : '') + count.format(s.active_sessions));
    setText('[data-kpi="late_events_total"]', count.format(s.late_events_total));
    setText('[data-kpi="quarantined_total"]', count.format(s.quarantined_total));
    setText('[data-kpi="duplicates_total"]', count.format(s.duplicates_total));
    const conversion = update.funnel.overall_conversion;
    setText('[data-kpi="conversion"]', conversion == null ? '—' : percent.format(conversion));
    setText('#aov', s.orders_last_hour > 0 ? 'avg order ' + money.format(s.revenue_last_hour / s.orders_last_hour) : 'no orders yet');
    setText('#refunds', count.format(s.refunds_last_hour) + ' refunds');
    setText('#new-users', count.format(s.new_users_last_hour) + ' new customers');
    setText('[data-health="ingest_rate"]', count.format(Math.round(s.ingest_rate)));
    setText('[data-health="log_lag"]', count.format(s.log_lag));
    setText('[data-health="last_batch_latency_ms"]', s.last_batch_latency_ms == null ? '—' : count.format(Math.round(s.last_batch_latency_ms)) + ' ms');
    setText('[data-health="last_batch_duration_ms"]', s.last_batch_duration_ms == null ? '—' : count.format(Math.round(s.last_batch_duration_ms)) + ' ms');
    setText('[data-health="batches_total"]', count.format(s.batches_total));
    setText('#watermark', s.watermark ? time.format(new Date(s.watermark)) + ' UTC' : '—');
    setText('#updated', time.format(new Date(update.generated_at)) + ' UTC');

    charts.revenue.setOption({ xAxis: { data: minutes(update.revenue) }, series: [{ data: bars(update.revenue) }] });
    charts.orders.setOption({ xAxis: { data: minutes(update.orders) }, series: [{ data: bars(update.orders) }] });
    const types = Object.keys(update.events_by_type);
    charts.events.setOption({
      legend: { data: types.map(label) },
      xAxis: { data: types.length ? minutes(update.events_by_type[types[0]]) : [] },
      series: types.map((t) => ({ name: label(t), type: 'bar', stack: 'events', barMaxWidth: 18, data: bars(update.events_by_type[t]) })),
    }, { replaceMerge: ['series'] });
    charts.topViews.setOption({ yAxis: { data: update.top_by_views.map((p) => p.product_id) }, series: [{ data: update.top_by_views.map((p) => Number(p.value)) }] });
    charts.topRevenue.setOption({ yAxis: { data: update.top_by_revenue.map((p) => p.product_id) }, series: [{ data: update.top_by_revenue.map((p) => Number(p.value)) }] });
    charts.funnel.setOption({ series: [{ data: update.funnel.steps.map((step) => ({
      name: label(step.step), value: step.sessions,
      label: { formatter: () => '{step|' + label(step.step) + '}\n{n|' + (step.approximate ? '≈' : '') + count.format(step.sessions) + '}' + (step.conversion_from_previous == null ? '' : '  {pct|' + percent.format(step.conversion_from_previous) + '}') },
    })) }] });
    renderAlerts(update.alerts);
    window.cartwheel.version = update.version;
    window.cartwheel.updates++;
    window.cartwheel.last = update;
  }

  function renderAlerts(alerts) {
    const body = document.querySelector('#alerts tbody');
    const badge = document.getElementById('alert-count');
    badge.textContent = String(alerts.length);
    badge.classList.toggle('hot', alerts.length > 0);
    body.replaceChildren(...(alerts.length === 0
      ? [row([cell('No active alerts', 4)], 'empty')]
      : alerts.map((a) => row([pill(a.kind), cell(a.subject), cell(time.format(new Date(a.since))), cell(a.detail)]))));
  }

  function cell(text, span) {
    const td = document.createElement('td');
    td.textContent = text;
    if (span) { td.colSpan = span; }
    return td;
  }

  function pill(kind) {
    const td = document.createElement('td');
    const span = document.createElement('span');
    span.className = 'pill ' + kind;
    span.textContent = label(kind);
    td.appendChild(span);
    return td;
  }

  function row(cells, className) {
    const tr = document.createElement('tr');
    if (className) { tr.className = className; }
    cells.forEach((c) => tr.appendChild(c));
    return tr;
  }

  function connection(state) {
    const el = document.getElementById('connection');
    el.className = 'conn conn-' + state;
    el.dataset.state = state;
    el.querySelector('span').textContent = { live: 'live', polling: 'polling', offline: 'offline', connecting: 'connecting' }[state];
  }

  // SSE first; while it delivers nothing for POLL_AFTER_MS, poll (the server may be beyond loopback, or a proxy may buffer).
  let lastMessage = 0;
  let pollTimer = null;

  function connect() {
    if (!('EventSource' in window)) { return; }
    const source = new EventSource(STREAM);
    source.addEventListener('update', (e) => {
      lastMessage = Date.now();
      connection('live');
      render(JSON.parse(e.data));
    });
    source.onerror = () => { if (Date.now() - lastMessage > POLL_AFTER_MS) { connection(pollTimer ? 'polling' : 'offline'); } };
  }

  async function poll() {
    if (Date.now() - lastMessage < POLL_AFTER_MS) { return; }
    try {
      const response = await fetch(POLL, { headers: apiKey ? { 'X-Api-Key': apiKey } : {}, cache: 'no-store' });
      if (!response.ok) { throw new Error(String(response.status)); }
      render(await response.json());
      connection('polling');
    } catch {
      connection('offline');
    }
  }

  window.cartwheel = { charts, version: 0, updates: 0, last: null };
  const resize = new ResizeObserver(() => Object.values(charts).forEach((c) => c.resize()));
  Object.values(charts).forEach((c) => resize.observe(c.getDom()));
  connect();
  pollTimer = setInterval(poll, POLL_EVERY_MS);
  setTimeout(poll, POLL_AFTER_MS);
})();

// Sluice status page. Plain DOM: every value from the server is set with textContent or a property,
// never parsed as markup (warehouse data, table names and error messages may be hostile).
'use strict';

(function () {
  const POLL_MS = 1000;
  const HISTORY = 60;
  const $ = (id) => document.getElementById(id);

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function svg(tag, attrs) {
    const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, String(value));
    return node;
  }

  async function api(path, params) {
    const query = params ? '?' + new URLSearchParams(params).toString() : '';
    const response = await fetch(path + query, { credentials: 'same-origin', cache: 'no-store' });
    const body = await response.json();
    if (!response.ok) throw new Error(body.error || ('HTTP ' + response.status));
    return body;
  }

  const fmt = (n) => (n === null || n === undefined || n < 0) ? '–' : Number(n).toLocaleString('en');
  const ms = (n) => (n === null || n === undefined || n < 0) ? '–' : n < 1000 ? n + ' ms' : (n / 1000).toFixed(1) + ' s';

  // ---- views ---------------------------------------------------------------------------------------
  let view = 'status';
  for (const button of document.querySelectorAll('nav button')) {
    button.addEventListener('click', () => {
      view = button.dataset.view;
      for (const b of document.querySelectorAll('nav button')) b.classList.toggle('active', b === button);
      for (const name of ['status', 'tables', 'chart']) $('view-' + name).hidden = name !== view;
      refreshTables().then(refreshView);
    });
  }

  // ---- status --------------------------------------------------------------------------------------
  const history = new Map();   // "source\u0000table" -> [{t, n}], n = changes captured
  const sourceBoxes = new Map(); // source name -> {box, fields, rows: Map(table -> cells)}
  let lastChanges = -1;

  function sparkline(samples) {
    const box = svg('svg', { class: 'spark', viewBox: '0 0 120 24', preserveAspectRatio: 'none' });
    const rates = [];
    for (let i = 1; i < samples.length; i++) {
      const dt = (samples[i].t - samples[i - 1].t) / 1000;
      rates.push(dt > 0 ? Math.max(0, samples[i].n - samples[i - 1].n) / dt : 0);
    }
    const max = Math.max(1, ...rates);
    const points = rates.map((r, i) => ((i / Math.max(1, HISTORY - 2)) * 120).toFixed(1) + ',' + (23 - (r / max) * 22).toFixed(1));
    box.appendChild(svg('polyline', { points: points.join(' ') }));
    return { box, rate: rates.length ? rates[rates.length - 1] : 0 };
  }

  function sourceBox(source) {
    let entry = sourceBoxes.get(source.name);
    if (entry) return entry;
    const box = el('div', { class: 'source', 'data-source': source.name });
    const title = el('h2');
    const name = el('span', { class: 'name' }, source.name);
    const type = el('span', { class: 'muted' });
    const state = el('span', { class: 'state' });
    title.append(name, ' ', type, ' ', state);
    const info = el('p');
    const lag = el('span', { class: 'lag' });
    const changes = el('span', { class: 'changes' });
    const flushes = el('span', { class: 'flushes' });
    const snapshot = el('span', { class: 'snapshot-state' });
    info.append('lag ', lag, ' · changes ', changes, ' · flushes ', flushes, ' · snapshot ', snapshot);
    const error = el('p', { class: 'error' });
    const offsets = el('details');
    offsets.append(el('summary', {}, 'offsets (as stored)'));
    const offsetsText = el('pre');
    offsets.append(offsetsText);
    const table = el('table', { class: 'tables' });
    const head = el('tr');
    for (const h of ['table', 'snapshot', 'captured', 'upserted', 'deleted', 'quarantined', 'changes/s', '']) head.append(el('th', {}, h));
    table.append(el('thead'), el('tbody'));
    table.tHead.append(head);
    box.append(title, info, error, offsets, table);
    $('sources').append(box);
    entry = { box, fields: { type, state, lag, changes, flushes, snapshot, error, offsetsText }, tbody: table.tBodies[0], rows: new Map() };
    sourceBoxes.set(source.name, entry);
    return entry;
  }

  function tableRow(entry, sourceName, tableName) {
    let cells = entry.rows.get(tableName);
    if (cells) return cells;
    const row = el('tr', { 'data-source': sourceName, 'data-table': tableName });
    cells = { row };
    row.append(el('td', { class: 'table' }, tableName));
    cells.snapshot = el('td', { class: 'snapshot' });
    cells.progress = el('progress', { max: '1', value: '0' });
    cells.snapshotText = el('span');
    cells.snapshot.append(cells.progress, ' ', cells.snapshotText);
    row.append(cells.snapshot);
    for (const name of ['captured', 'upserted', 'deleted', 'quarantined', 'rate']) {
      cells[name] = el('td', { class: 'num ' + name });
      row.append(cells[name]);
    }
    cells.spark = el('td', { class: 'spark' });
    row.append(cells.spark);
    entry.tbody.append(row);
    entry.rows.set(tableName, cells);
    return cells;
  }

  // Rows read by the snapshot against the source's estimate (statistics: it may be off, so the bar is
  // capped and completion is what the source says).
  function renderSnapshot(cells, state, table) {
    const read = table.snapshot_rows, estimate = table.estimated_rows;
    const done = state === 'completed';
    cells.progress.hidden = !(estimate > 0 || done) || (state === 'none' && read === 0);
    cells.progress.max = 1;
    cells.progress.value = done ? 1 : (estimate > 0 ? Math.min(0.99, read / estimate) : 0);
    let text = '';
    if (state === 'running') text = fmt(read) + (estimate > 0 ? ' of ~' + fmt(estimate) : '') + ' rows';
    else if (done) text = fmt(read) + ' rows, done';
    else if (read > 0) text = fmt(read) + ' rows';
    cells.snapshotText.textContent = text;
  }

  function renderStatus(status) {
    $('pipeline').textContent = status.pipeline;
    const ready = $('ready');
    ready.textContent = status.ready ? 'ready' : 'not ready';
    ready.className = 'badge ' + (status.ready ? 'ok' : 'bad');
    const wh = status.warehouse;
    $('warehouse').textContent = wh.type + ' ' + wh.location + (wh.reachable ? '' : ' — unreachable: ' + wh.problem);
    const t = status.totals;
    $('totals').textContent = 'changes ' + fmt(t.changes) + ' · upserted ' + fmt(t.upserted) + ' · deleted '
      + fmt(t.deleted) + ' · quarantined ' + fmt(t.quarantined) + ' · flushes ' + fmt(t.flushes)
      + ' · lag p50 ' + ms(t.lag_p50_ms) + ', p99 ' + ms(t.lag_p99_ms);
    for (const source of status.sources) {
      const entry = sourceBox(source);
      const f = entry.fields;
      f.type.textContent = '(' + source.type + ')';
      f.state.textContent = source.state;
      f.state.className = 'state state-' + source.state;
      f.lag.textContent = ms(source.lag_ms);
      f.changes.textContent = fmt(source.changes);
      f.flushes.textContent = fmt(source.flushes);
      f.snapshot.textContent = source.snapshot;
      f.error.textContent = source.error || '';
      f.offsetsText.textContent = JSON.stringify(source.offsets, null, 2);
      for (const table of source.tables) {
        const cells = tableRow(entry, source.name, table.table);
        for (const name of ['captured', 'upserted', 'deleted', 'quarantined']) cells[name].textContent = fmt(table[name]);
        renderSnapshot(cells, source.snapshot, table);
        const key = source.name + '\u0000' + table.table;
        const samples = history.get(key) || [];
        samples.push({ t: status.time, n: table.captured });
        while (samples.length > HISTORY) samples.shift();
        history.set(key, samples);
        const spark = sparkline(samples);
        cells.rate.textContent = spark.rate.toFixed(1);
        cells.spark.replaceChildren(spark.box);
      }
    }
    const body = $('quarantine').tBodies[0];
    body.replaceChildren();
    for (const q of status.quarantine) {
      const row = el('tr');
      for (const value of [q.at, q.source, q.table, q.rule, q.reason, q.key, q.payload]) row.append(el('td', {}, value));
      body.append(row);
    }
    $('quarantine-empty').hidden = status.quarantine.length > 0;
  }

  // ---- live feed: the committed changes, as forwarding sends them ---------------------------------------
  const FEED_ROWS = 20;
  let feedAfter = 0;

  async function refreshFeed() {
    const feed = await api('/api/feed', { after: feedAfter });
    const body = $('feed').tBodies[0];
    for (const entry of feed.changes.slice().reverse()) {
      feedAfter = Math.max(feedAfter, entry.number);
      const c = entry.change;
      const row = el('tr');
      for (const value of [c.committed_at, c.source, c.table, c.op, JSON.stringify(c.key),
        c.values === null ? '' : JSON.stringify(c.values), c.id]) row.append(el('td', {}, value));
      body.prepend(row);
    }
    while (body.rows.length > FEED_ROWS) body.deleteRow(body.rows.length - 1);
    $('feed-empty').hidden = body.rows.length > 0;
    $('forward').textContent = feed.forward.map((t) => t.name + ' (' + t.type + '): ' + fmt(t.published)
      + ' forwarded, ' + fmt(t.pending) + ' waiting' + (t.error ? ' · failing: ' + t.error : '')).join(' · ');
  }

  async function poll() {
    try {
      const status = await api('/status');
      renderStatus(status);
      await refreshFeed();
      if (status.totals.changes !== lastChanges) {
        lastChanges = status.totals.changes;
        if (view !== 'status') await refreshTables().then(refreshView); // the warehouse changed: redraw live
      }
    } catch (e) {
      $('ready').textContent = 'unreachable';
      $('ready').className = 'badge bad';
    } finally {
      setTimeout(poll, POLL_MS);
    }
  }

  // ---- warehouse tables ------------------------------------------------------------------------------
  let tables = [];
  const rowsState = { table: '', sort: '', dir: 'asc', page: 0, size: 50, filter: '', value: '' };

  function fillSelect(select, names, keep, blank) {
    const current = keep !== undefined ? keep : select.value;
    select.replaceChildren();
    if (blank !== undefined) select.append(new Option(blank, ''));
    for (const name of names) {
      const option = new Option(name, name); // text and value as properties: never markup
      select.append(option);
    }
    if (names.includes(current)) select.value = current;
  }

  async function refreshTables() {
    try {
      tables = (await api('/api/tables')).tables;
    } catch (e) {
      return;
    }
    const names = tables.map((t) => t.name);
    fillSelect($('table-select'), names);
    fillSelect($('chart-table'), names);
    fillColumns();
  }

  const tableNamed = (name) => tables.find((t) => t.name === name);

  function fillColumns() {
    const rowsTable = tableNamed($('table-select').value);
    fillSelect($('filter-column'), rowsTable ? rowsTable.columns.map((c) => c.name) : [], undefined, '(none)');
    const chartTable = tableNamed($('chart-table').value);
    const columns = chartTable ? chartTable.columns : [];
    fillSelect($('chart-group'), columns.map((c) => c.name));
    fillSelect($('chart-value'), columns.filter((c) => c.numeric).map((c) => c.name), undefined, '(rows)');
  }

  async function loadRows() {
    const name = $('table-select').value;
    if (!name) return;
    if (name !== rowsState.table) Object.assign(rowsState, { table: name, sort: '', dir: 'asc', page: 0, filter: '', value: '' });
    const params = { table: name, page: rowsState.page, size: rowsState.size, dir: rowsState.dir };
    if (rowsState.sort) params.sort = rowsState.sort;
    if (rowsState.filter) { params.filter = rowsState.filter; params.value = rowsState.value; }
    try {
      const page = await api('/api/rows', params);
      $('rows-error').textContent = '';
      renderRows(page);
    } catch (e) {
      $('rows-error').textContent = e.message;
    }
  }

  function renderRows(page) {
    const head = el('tr');
    for (const column of page.columns) {
      const button = el('button', { type: 'button', 'data-column': column },
        column + (rowsState.sort === column ? (rowsState.dir === 'asc' ? ' ▲' : ' ▼') : ''));
      button.addEventListener('click', () => {
        rowsState.dir = rowsState.sort === column && rowsState.dir === 'asc' ? 'desc' : 'asc';
        rowsState.sort = column;
        rowsState.page = 0;
        loadRows();
      });
      const th = el('th');
      th.append(button);
      head.append(th);
    }
    $('rows').tHead.replaceChildren(head);
    const body = $('rows').tBodies[0];
    body.replaceChildren();
    for (const values of page.rows) {
      const row = el('tr');
      for (const value of values) {
        const cell = el('td', {}, value === null ? 'NULL' : value);
        if (value === null) cell.className = 'muted';
        row.append(cell);
      }
      body.append(row);
    }
    const pages = Math.max(1, Math.ceil(page.total / page.size));
    $('page-info').textContent = 'page ' + (page.page + 1) + ' of ' + pages + ' (' + fmt(page.total) + ' rows)';
    $('page-prev').disabled = page.page === 0;
    $('page-next').disabled = page.page + 1 >= pages;
  }

  $('table-select').addEventListener('change', () => { $('filter-value').value = ''; fillColumns(); loadRows(); });
  $('rows-form').addEventListener('submit', (event) => {
    event.preventDefault();
    rowsState.filter = $('filter-column').value;
    rowsState.value = $('filter-value').value;
    rowsState.page = 0;
    loadRows();
  });
  $('page-prev').addEventListener('click', () => { rowsState.page = Math.max(0, rowsState.page - 1); loadRows(); });
  $('page-next').addEventListener('click', () => { rowsState.page += 1; loadRows(); });

  // ---- chart -----------------------------------------------------------------------------------------
  let chartAsked = false;

  async function loadChart() {
    const table = $('chart-table').value;
    const group = $('chart-group').value;
    if (!table || !group) return;
    const params = { table, group, agg: $('chart-agg').value };
    if ($('chart-bucket').value) params.bucket = $('chart-bucket').value;
    if (params.agg !== 'count') params.value = $('chart-value').value;
    try {
      const answer = await api('/api/chart', params);
      $('chart-error').textContent = '';
      drawChart(answer.bars);
    } catch (e) {
      $('chart-error').textContent = e.message;
    }
  }

  function drawChart(bars) {
    const chart = $('chart');
    const width = 900, height = 320, bottom = 40, top = 16;
    chart.replaceChildren();
    chart.setAttribute('data-bars', String(bars.length));
    if (!bars.length) return;
    const values = bars.map((b) => (b.value === null ? 0 : Number(b.value)));
    const max = Math.max(0, ...values), min = Math.min(0, ...values);
    const span = (max - min) || 1;
    const step = width / bars.length;
    const y = (v) => top + (max - v) / span * (height - top - bottom);
    bars.forEach((bar, i) => {
      const v = values[i];
      const rect = svg('rect', {
        class: 'bar', x: (i * step + step * 0.1).toFixed(1), width: Math.max(1, step * 0.8).toFixed(1),
        y: Math.min(y(v), y(0)).toFixed(1), height: Math.max(1, Math.abs(y(v) - y(0))).toFixed(1),
      });
      rect.setAttribute('data-label', bar.label === null ? 'NULL' : bar.label);
      rect.setAttribute('data-value', String(bar.value));
      const title = svg('title');
      title.textContent = (bar.label === null ? 'NULL' : bar.label) + ': ' + bar.value;
      rect.append(title);
      chart.append(rect);
      if (bars.length <= 40) {
        const label = svg('text', { x: (i * step + step / 2).toFixed(1), y: height - bottom + 14, 'text-anchor': 'middle' });
        const text = bar.label === null ? 'NULL' : bar.label;
        label.textContent = text.length > 12 ? text.slice(0, 11) + '…' : text;
        const value = svg('text', { x: (i * step + step / 2).toFixed(1), y: (Math.min(y(v), y(0)) - 3).toFixed(1), 'text-anchor': 'middle' });
        value.textContent = fmt(bar.value);
        chart.append(label, value);
      }
    });
  }

  $('chart-table').addEventListener('change', fillColumns);
  $('chart-form').addEventListener('submit', (event) => { event.preventDefault(); chartAsked = true; loadChart(); });

  async function refreshView() {
    if (view === 'tables') await loadRows();
    if (view === 'chart' && chartAsked) await loadChart();
  }

  poll();
})();

'use strict';
// The live console: renders GET /gameday/state, updated by the /gameday/stream server-sent events
// (polling if the stream fails), and offers the runbooks. No libraries: this page must work offline.

const SIGNALS = {
  dnsAnswers: 'Regional name: addresses', dynamoErrorRate: 'DynamoDB error rate',
  leasesActive: 'Leases active', leasesExpired: 'Leases expired', leasesEstablishing: 'Leases establishing',
  dwfmQueueDepth: 'DWFM queue depth', dwfmGoodput: 'DWFM goodput (/min)',
  propagationBacklog: 'Propagation backlog', propagationAgeSeconds: 'Oldest propagation (s)',
  healthyTargets: 'NLB healthy targets', azsInDns: 'NLB AZs in DNS', healthFlips: 'Health flips (/min)',
  launchesOk: 'Launches ok (/min)', launchesFailed: 'Launches failed (/min)', customerErrorRate: 'Customer error rate'
};
const BANDS = ['#e6550d22', '#3182bd22', '#31a35422', '#75637322', '#de2d2622', '#fdae6b22', '#9ecae122'];

function hm(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  const minutes = Math.round(seconds / 60), sign = minutes < 0 ? '-' : '', m = Math.abs(minutes);
  return sign + Math.floor(m / 60) + ':' + String(m % 60).padStart(2, '0');
}

function el(tag, attrs, text) {
  const node = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
  if (text !== undefined) node.textContent = text;
  return node;
}

function renderRun(state) {
  const run = state.run;
  const runEl = document.getElementById('run'), clock = document.getElementById('clock');
  if (!run) { clock.textContent = ''; return; }
  runEl.textContent = `${run.scenario} · ${run.mode} · operator ${run.operator} · seed ${run.seed} · ` +
    `${run.timeScale}× · ${run.status}`;
  clock.textContent = run.t0Seconds === null ? `incident ${hm(run.incidentSeconds)} (T+0 not yet)`
    : `T+${hm(run.incidentSeconds - run.t0Seconds)}`;
  document.getElementById('current-phase').textContent = state.phase ? `— now: ${state.phase}` : '';
}

function renderPhases(state) {
  const body = document.querySelector('#phases tbody');
  body.replaceChildren(...state.phases.map(p => {
    const row = el('tr', {'data-phase': p.id,
      class: p.id === state.phase ? 'current' : p.occurred ? 'done' : 'absent'});
    const duration = p.startSeconds !== null && p.endSeconds !== null ? hm(p.endSeconds - p.startSeconds)
      : p.occurred ? 'running' : '–';
    [p.id + ' ' + p.name, p.kind, hm(p.startSeconds), hm(p.awsStartSeconds), duration, hm(p.awsSeconds)]
      .forEach(text => row.appendChild(el('td', {}, text)));
    return row;
  }));
}

function chart(name, points, state) {
  const width = 260, height = 90, figure = el('figure', {'data-signal': name});
  const last = points.length ? points[points.length - 1][1] : null;
  const caption = el('figcaption');
  caption.appendChild(el('span', {}, SIGNALS[name] || name));
  caption.appendChild(el('span', {'data-testid': 'value-' + name}, last === null ? '–' : (+last.toFixed(3)).toString()));
  figure.appendChild(caption);
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', SIGNALS[name] || name);
  const end = Math.max(1, state.run ? state.run.incidentSeconds : 1), t0 = state.run && state.run.t0Seconds || 0;
  const x = s => Math.max(0, s) / end * width;
  state.phases.forEach((p, i) => {
    if (p.startSeconds === null) return;
    const from = x(p.startSeconds + t0), to = x((p.endSeconds === null ? end - t0 : p.endSeconds) + t0);
    const rect = document.createElementNS(svg.namespaceURI, 'rect');
    Object.entries({x: from, y: 0, width: Math.max(1, to - from), height, fill: BANDS[i % BANDS.length]})
      .forEach(([k, v]) => rect.setAttribute(k, v));
    svg.appendChild(rect);
  });
  const max = Math.max(1e-9, ...points.map(p => p[1]).filter(Number.isFinite));
  const path = points.filter(p => Number.isFinite(p[1]))
    .map((p, i) => (i ? 'L' : 'M') + x(p[0]).toFixed(1) + ',' + (height - 3 - (height - 6) * p[1] / (max * 1.1)).toFixed(1))
    .join('');
  const line = document.createElementNS(svg.namespaceURI, 'path');
  Object.entries({d: path || 'M0,0', fill: 'none', stroke: '#232f3e', 'stroke-width': 1.5})
    .forEach(([k, v]) => line.setAttribute(k, v));
  svg.appendChild(line);
  figure.appendChild(svg);
  return figure;
}

function renderCharts(state) {
  const charts = document.getElementById('charts');
  charts.replaceChildren(...Object.keys(SIGNALS).map(name => chart(name, (state.signals || {})[name] || [], state)));
}

function renderTimeline(state) {
  const t0 = state.run && state.run.t0Seconds !== null ? state.run.t0Seconds : 0;
  const items = state.events.map(e => {
    const details = Object.entries(e.details || {}).map(([k, v]) => `${k}=${v}`).join(' ');
    return el('li', {class: e.kind, 'data-event': e.name}, `T+${hm(e.seconds - t0)} ${e.name} ${details}`);
  });
  document.getElementById('timeline').replaceChildren(...items.reverse());
}

function renderFaults(state) {
  const faults = document.getElementById('faults');
  faults.replaceChildren(...(state.faults.length ? state.faults.map(f =>
    el('li', {'data-fault': f.experiment}, `${f.experiment} (${f.kind}) on ${f.instances.join(', ')}`))
    : [el('li', {}, 'none')]));
}

let runbooksRendered = false;
function renderRunbooks(state) {
  if (runbooksRendered || !state.runbooks.length) return;
  runbooksRendered = true;
  const box = document.getElementById('runbooks');
  state.runbooks.forEach(r => {
    const row = el('div', {class: 'runbook', title: r.description});
    if (r.argument === 'disable|enable') {
      ['disable', 'enable'].forEach(arg => {
        const button = el('button', {type: 'button', 'data-runbook': r.name, 'data-argument': arg}, `${r.name} ${arg}`);
        button.addEventListener('click', () => runRunbook(r.name, arg));
        row.appendChild(button);
      });
    } else {
      let input = null;
      const button = el('button', {type: 'button', 'data-runbook': r.name}, r.name);
      row.appendChild(button);
      if (r.argument === 'rate') {
        input = el('input', {type: 'number', min: '0', step: 'any', 'aria-label': r.name + ' rate',
          'data-argument-for': r.name, placeholder: 'rate'});
        row.appendChild(input);
      }
      button.addEventListener('click', () => runRunbook(r.name, input ? input.value : null));
    }
    box.appendChild(row);
  });
}

async function runRunbook(name, argument) {
  const outcome = document.getElementById('outcome');
  outcome.textContent = `${name}…`;
  outcome.className = '';
  try {
    const response = await fetch('/gameday/runbooks/' + encodeURIComponent(name), {
      method: 'POST', headers: {'Content-Type': 'application/json', 'X-Cascade-Console': '1'},
      body: JSON.stringify(argument ? {argument} : {})
    });
    const body = await response.json();
    outcome.textContent = response.ok ? `${name}: ${body.detail}` : `${name} failed: ${body.error || body.detail}`;
    outcome.className = response.ok ? 'ok' : 'failed';
  } catch (e) {
    outcome.textContent = `${name} failed: ${e}`;
    outcome.className = 'failed';
  }
}

function render(state) {
  renderRun(state);
  renderPhases(state);
  renderCharts(state);
  renderTimeline(state);
  renderFaults(state);
  renderRunbooks(state);
}

function connect() {
  const connection = document.getElementById('connection');
  const source = new EventSource('/gameday/stream');
  source.addEventListener('state', event => {
    connection.textContent = 'live';
    connection.className = 'online';
    render(JSON.parse(event.data));
  });
  source.onerror = () => {
    connection.textContent = 'reconnecting…';
    connection.className = 'offline';
    source.close();
    fetch('/gameday/state').then(r => r.json()).then(render).catch(() => {});
    setTimeout(connect, 2000);
  };
}

connect();

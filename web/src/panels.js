// The result panels: the monthly costs, break-even and verdict (from a compare
// reply), the memory per GPU (a memory reply) and the cheapest deployments (a plan
// reply). Each prints the figures the server sent; none recomputes.
import { el } from './dom.js';
import { compact, number, quantity, usd } from './format.js';
import { renderFigures } from './figures.js';

const byId = (id) => document.getElementById(id);

// The top of compare's break-even search (include/llmtco/verdict.h).
const kSearchToTokensPerDay = 1e12;

function setMoney(id, value) {
  byId(id).replaceChildren(usd(value), el('span', { class: 'per' }, '/month'));
}

function deploymentText(d) {
  return `${d.replicas} x ${d.cloud} ${d.instance} (${d.gpus_per_replica} x ${d.gpu}, ` +
    `TP ${d.tp}, ${d.precision}) at ${usd(d.usd_per_hour)}/h`;
}

// "187M-227M, 229M+": the ranges of daily volume where owning is cheaper.
function rangesText(ranges) {
  return ranges.map((r) => (r.to_tokens_per_day >= kSearchToTokensPerDay
    ? `${compact(r.from_tokens_per_day)}+`
    : `${compact(r.from_tokens_per_day)}\u2013${compact(r.to_tokens_per_day)}`)).join(', ');
}

// The break-even's other units and ranges; its ratio to today's volume is in the
// verdict's words below (the page prints figures, it computes none).
function breakevenText(report, figures) {
  const words = figures.get('breakeven_words_per_day').value;
  const pages = figures.get('breakeven_pages_per_day').value;
  const parts = [`${compact(words)} words or ${compact(pages)} pages a day`];
  const ranges = report.breakeven_ranges ?? [];
  if (ranges.length > 1) parts.push(`owning is cheaper at ${rangesText(ranges)} tokens/day`);
  return parts.join('; ');
}

// The hosted open model's card: its month and the offer, or that none is hosted.
function renderHosted(report, figures) {
  const hosted = figures.get('hosted_usd_per_month');
  const way = (report.ways ?? [])[1];
  if (hosted) {
    setMoney('hosted-cost', hosted.value);
  } else {
    byId('hosted-cost').textContent = 'not hosted';
  }
  byId('hosted-detail').textContent = way ? way.offer : '';
  return hosted ? hosted.value : Infinity;
}

// The four cards and the verdict.
export function renderSummary(report, figures) {
  const api = figures.get('api_usd_per_month').value;
  const own = figures.get('selfhost_usd_per_month').value;
  setMoney('api-cost', api);
  setMoney('selfhost-cost', own);
  const cards = [['api-cost', api], ['hosted-cost', renderHosted(report, figures)],
    ['selfhost-cost', own]];
  const cheapest = cards.reduce((a, b) => (b[1] < a[1] ? b : a))[0];
  for (const [id] of cards) byId(id).closest('.card').classList.toggle('cheaper', id === cheapest);

  const price = figures.get('api_usd_per_1m_tokens');
  byId('api-detail').textContent =
    `${report.scenario.api.model}: ${quantity(price.value, price.unit)} of the mix`;
  const staff = figures.get('selfhost_staff_usd_per_month').value;
  byId('selfhost-detail').textContent = report.deployment
    ? `${deploymentText(report.deployment)}; staff ${usd(staff)}/month`
    : 'no deployment meets the latency target';

  const breakeven = figures.get('breakeven_tokens_per_day');
  if (breakeven) {
    byId('breakeven-tokens').replaceChildren(compact(breakeven.value),
      el('span', { class: 'per' }, ' tokens/day'));
    byId('breakeven-detail').textContent = breakevenText(report, figures);
  } else {
    byId('breakeven-tokens').textContent = 'never';
    byId('breakeven-detail').textContent =
      `owning is not cheaper at any volume up to ${compact(kSearchToTokensPerDay)} tokens/day`;
  }

  const verdict = byId('verdict');
  verdict.textContent = report.verdict.text;
  verdict.dataset.decision = report.verdict.decision;
  const limit = byId('rate-limit');
  limit.textContent = report.rate_limit?.text ?? '';
  limit.dataset.tier = report.rate_limit?.tier ?? '';
}

// The memory of one GPU of the deployment, as a bar: weights, activation
// workspace, runtime overhead, KV cache, and what the engine's cap leaves out.
export function renderMemory(reply, deployment) {
  const figures = new Map(reply.figures.map((f) => [f.id, f]));
  const value = (id) => Math.max(0, figures.get(id)?.value ?? 0);
  const total = value('gpu_memory_gb');
  const parts = [
    ['weights', 'weights', value('weights_per_gpu_gb')],
    ['workspace', 'activation workspace', value('activation_workspace_gb')],
    ['overhead', 'runtime overhead', value('runtime_overhead_gb')],
    ['kv', 'room for the KV cache', value('kv_cache_free_gb')],
    ['reserved', 'outside the engine cap', total - value('usable_memory_gb')],
  ];
  const bar = el('div', { class: 'memory-bar', role: 'img',
    'aria-label': parts.map(([, name, gb]) => `${name} ${number(gb)} GB`).join(', ') },
  parts.map(([key, name, gb]) => el('span', {
    class: `segment ${key}`, style: `width: ${total > 0 ? (100 * gb) / total : 0}%`,
    title: `${name}: ${number(gb)} GB` })));
  const legend = el('ul', { class: 'legend' }, parts.map(([key, name, gb]) =>
    el('li', {}, el('span', { class: `swatch ${key}` }), `${name} `, el('b', {}, `${number(gb)} GB`))));
  const list = el('div', { class: 'figure-list' });
  renderFigures(list, reply.figures, 'memory-figure-');
  return [
    el('p', { class: 'lead' }, el('b', {}, `${deployment.gpu}, ${number(total)} GB`),
      `, TP ${deployment.tp}, ${deployment.precision} weights. ${reply.notes[0] ?? ''}`),
    bar,
    legend,
    el('details', { class: 'more' }, el('summary', {}, `${reply.figures.length} memory figures`), list),
  ];
}

function sameDeployment(a, b) {
  return b && a.cloud === b.cloud && a.instance === b.instance && a.tp === b.tp &&
    a.precision === b.precision;
}

// The top plans as a table; the one compare chose is marked.
export function renderPlans(reply, chosen) {
  if (reply.plans.length === 0) {
    return [el('p', { class: 'note' }, reply.notes[0] ?? 'no deployment meets the target')];
  }
  const head = ['cloud', 'instance', 'GPUs', 'precision', 'replicas', '$/hour', '$/month'];
  const numeric = new Set(['replicas', '$/hour', '$/month']);
  return [
    el('table', { class: 'plans' },
      el('thead', {}, el('tr', {}, head.map((h) => el('th', { class: numeric.has(h) ? 'num' : null }, h)))),
      el('tbody', {}, reply.plans.map((p) => el('tr', { class: sameDeployment(p, chosen) ? 'chosen' : null },
        el('td', {}, p.cloud),
        el('td', {}, el('code', {}, p.instance)),
        el('td', {}, `${p.gpus_per_replica} x ${p.gpu}, TP ${p.tp}`),
        el('td', {}, p.precision),
        el('td', { class: 'num' }, String(p.replicas)),
        el('td', { class: 'num' }, usd(p.usd_per_hour)),
        el('td', { class: 'num' }, usd(p.usd_per_month)))))),
    el('p', { class: 'note' }, 'Instances only, in their cheapest region; staff, disk and egress ',
      'are in the owning cost above. Highlighted: the deployment the verdict uses.'),
  ];
}

// A panel fed by one request: "updating" while it runs, its content when it
// answers, one line "unavailable: ..." when it fails. A failing panel leaves the
// others alone.
export class Panel {
  constructor(section, status, body) {
    this.section = section;
    this.status = status;
    this.body = body;
  }

  async show(reply, render) {
    this.section.dataset.state = 'updating';
    try {
      const content = render(await reply);
      this.body.replaceChildren(...content);
      this.status.textContent = '';
      this.section.dataset.state = 'ready';
    } catch (error) {
      if (error.name === 'AbortError') return;
      this.body.replaceChildren();
      this.status.textContent = `unavailable: ${error.message}`;
      this.section.dataset.state = 'error';
    }
  }
}

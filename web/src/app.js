// The page of `llmtco serve`: the scenario on the left; on the right the monthly
// cost both ways, the verdict, the cost chart, the growth chart, the memory per
// GPU, the cheapest deployments and every figure's explain trace, all from the JSON API
// (docs/serve.md, "The page"). Edits refresh the results after a short pause.
import { getJson, postJson } from './api.js';
import { attachCatalog, describeApi, describeModel } from './catalog.js';
import { CostChart } from './chart.js';
import { renderFigures } from './figures.js';
import { GrowthChart } from './growth_chart.js';
import { ScenarioForm } from './inputs.js';
import { Panel, renderMemory, renderPlans, renderSummary } from './panels.js';

const kDebounceMs = 150;
const kTopPlans = 5;

const byId = (id) => document.getElementById(id);
const status = byId('status');
const summary = byId('summary');
const inputError = byId('input-error');
const chart = new CostChart(byId('cost-chart'), byId('cost-chart-canvas'));
const growthChart = new GrowthChart(byId('growth-chart'), byId('growth-chart-canvas'));
const usageNote = byId('usage-note');
const memory = new Panel(byId('memory'), byId('memory-status'), byId('memory-body'));
const plans = new Panel(byId('plans'), byId('plans-status'), byId('plans-body'));

let controller = null;
let timer = 0;

// 'loading' | 'updating' | 'ready' | 'error', on the summary for tests and styles.
function setState(state, text) {
  summary.dataset.state = state;
  status.textContent = text;
}

function showInputError(message) {
  inputError.textContent = message;
  inputError.hidden = message === '';
  form.markInvalid(message);
}

// The memory request: the deployment compare chose, its GPU, TP and format.
function memoryBody(body, deployment) {
  return {
    ...body,
    self_host: { ...body.self_host, precision: deployment.precision },
    options: { gpu: deployment.gpu, tp: deployment.tp },
  };
}

// Asks for every panel's numbers for BODY (a scenario) and shows them; a newer
// call aborts this one. With fillForm, the compare reply's scenario fills the form.
async function update(body, { fillForm = false } = {}) {
  controller?.abort();
  controller = new AbortController();
  const { signal } = controller;
  setState('updating', 'updating…');
  const planReply = postJson('/api/v1/plan', { ...body, options: { top: kTopPlans } }, signal);
  planReply.catch(() => {});  // shown below, or dropped with the compare's error
  let report;
  try {
    report = await postJson('/api/v1/compare', body, signal);
  } catch (error) {
    if (signal.aborted) return;
    showInputError(error.message);
    setState('error', 'not updated: the results are for the last valid inputs');
    return;
  }
  if (fillForm) form.fill(report.scenario);
  showInputError('');
  const figures = new Map(report.figures.map((f) => [f.id, f]));
  renderSummary(report, figures);
  chart.update(report, figures);
  growthChart.update(report);
  renderFigures(byId('figures-body'), report.figures);
  const deployment = report.deployment;
  const memoryReply = deployment
    ? postJson('/api/v1/memory', memoryBody(body, deployment), signal)
    : Promise.reject(new Error('no deployment meets the latency target'));
  await Promise.all([
    plans.show(planReply, (reply) => renderPlans(reply, deployment)),
    memory.show(memoryReply, (reply) => renderMemory(reply, deployment)),
  ]);
  if (!signal.aborted) setState('ready', '');
}

// Reads the chosen usage export files, has the server describe them
// (/api/v1/usage) and takes the workload and API offer they give.
async function importUsage(files) {
  usageNote.dataset.state = 'updating';
  usageNote.textContent = 'reading…';
  let reply;
  try {
    const contents = await Promise.all(
      files.map(async (file) => ({ name: file.name, content: await file.text() })));
    reply = await postJson('/api/v1/usage', { files: contents });
  } catch (error) {
    usageNote.dataset.state = 'error';
    usageNote.textContent = `not read: ${error.message}`;
    return;
  }
  form.adopt(reply.scenario);
  usageNote.dataset.state = 'ready';
  usageNote.textContent = reply.notes[0] ?? '';
  const { scenario, error } = form.read();
  if (error) showInputError(error);
  else update(scenario);
}

byId('usage-files').addEventListener('change', (event) => {
  const files = [...event.target.files];
  if (files.length > 0) importUsage(files);
});

// Enter in a field must not submit (and reload) the page: every edit applies itself.
byId('inputs').addEventListener('submit', (event) => event.preventDefault());

const form = new ScenarioForm(() => {
  clearTimeout(timer);
  setState('updating', 'updating…');
  timer = setTimeout(() => {
    const { scenario, error } = form.read();
    if (error) {
      controller?.abort();
      showInputError(error);
      setState('error', 'not updated: the results are for the last valid inputs');
      return;
    }
    update(scenario);
  }, kDebounceMs);
});

const searches = [
  attachCatalog({ input: byId('self-host-model'), datalist: byId('self-host-model-options'),
    note: byId('self-host-model-note'), kind: 'models', describe: describeModel }),
  attachCatalog({ input: byId('api-model'), datalist: byId('api-model-options'),
    note: byId('api-model-note'), kind: 'apis', describe: describeApi }),
];

// First the clouds the price catalog has, then the seed scenario ({}): its reply's
// "scenario" fills the form's defaults.
async function start() {
  try {
    form.setClouds((await getJson('/api/v1/catalog/clouds')).clouds);
  } catch (error) {
    form.cloudsUnavailable(error.message);
  }
  await update({}, { fillForm: true });
  for (const search of searches) search();
}

start();

// The page of `llmtco serve` in headless Chromium, driven by playwright-core:
// it must show what the JSON API answers (verdict, monthly costs, break-even,
// deployments, memory, the clouds to choose from), follow the traffic slider (text,
// chart data and pixels),
// open a figure's explain trace, and show the server's message for a bad input.
// Expected values come from the API itself, asked the same questions.
//
// usage: node page_test.mjs BASE_URL ARTIFACT_DIR   (page_test.sh starts the server)
// Leaves page.png, page-1e9.png and explain.png in ARTIFACT_DIR.
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// tests/web/package.json's, installed by the tests' build (tests/CMakeLists.txt).
const { chromium } = createRequire(join(repo, 'tests', 'web', 'package.json'))('playwright-core');

const [base, artifacts] = process.argv.slice(2);
if (!base || !artifacts) {
  console.error('usage: node page_test.mjs BASE_URL ARTIFACT_DIR');
  process.exit(2);
}
await mkdir(artifacts, { recursive: true });

// Generous: a 2-core machine may be running other tests beside this one.
const kWaitMs = 60_000;

let passed = 0;
let failed = 0;
function check(what, ok, detail = '') {
  if (ok) {
    passed += 1;
    console.log(`ok: ${what}`);
  } else {
    failed += 1;
    console.log(`FAIL: ${what}${detail ? `: ${detail}` : ''}`);
  }
}

async function post(path, body) {
  const response = await fetch(base + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(kWaitMs),
  });
  return { status: response.status, body: await response.json() };
}

const figure = (report, id) => report.figures.find((f) => f.id === id);
// "$5,402": whole dollars with separators, as the page prints monthly costs.
const dollars = (value) => `$${Math.round(value).toLocaleString('en-US')}`;

const seed = (await post('/api/v1/compare', {})).body;
const seedApi = figure(seed, 'api_usd_per_month').value;
const seedOwn = figure(seed, 'selfhost_usd_per_month').value;
const seedBreakeven = figure(seed, 'breakeven_tokens_per_day').value;
const seedPlans = (await post('/api/v1/plan', { options: { top: 5 } })).body.plans;
const clouds = (await (await fetch(`${base}/api/v1/catalog/clouds`,
  { signal: AbortSignal.timeout(kWaitMs) })).json()).clouds;
const seedClouds = seed.scenario.self_host.clouds.split(',');
const withRunpod = (await post('/api/v1/plan',
  { self_host: { clouds: [...seedClouds, 'runpod'] }, options: { top: 5 } })).body.plans;
const seedMemory = (await post('/api/v1/memory', {
  self_host: { precision: seed.deployment.precision },
  options: { gpu: seed.deployment.gpu, tp: seed.deployment.tp },
})).body;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
  timeout: kWaitMs,
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(kWaitMs);
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // A console error is a failed request (but the 400s the bad input below asks
  // for) or a Content-Security-Policy refusal.
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 400/.test(message.text())) {
      pageErrors.push(message.text());
    }
  });
  const text = async (selector) => (await page.textContent(selector)).trim();
  const ready = () => page.waitForSelector('#summary[data-state="ready"]');
  const canvas = () => page.$eval('#cost-chart-canvas', (c) => c.toDataURL('image/png'));

  // The seed scenario on first load.
  await page.goto(`${base}/`);
  await ready();
  check('the verdict is compare\'s', await text('#verdict') === seed.verdict.text,
    await text('#verdict'));
  const apiText = await text('#api-cost');
  const ownText = await text('#selfhost-cost');
  check('a dollar figure for the API', /\$[0-9,]+/.test(apiText), apiText);
  check('a dollar figure for owning', /\$[0-9,]+/.test(ownText), ownText);
  check('the API a month is api_usd_per_month', apiText.startsWith(dollars(seedApi)),
    `${apiText} vs ${dollars(seedApi)}`);
  check('owning a month is selfhost_usd_per_month', ownText.startsWith(dollars(seedOwn)),
    `${ownText} vs ${dollars(seedOwn)}`);
  const seedHosted = figure(seed, 'hosted_usd_per_month').value;
  const hostedText = await text('#hosted-cost');
  check('renting the open model a month is hosted_usd_per_month',
    hostedText.startsWith(dollars(seedHosted)), `${hostedText} vs ${dollars(seedHosted)}`);
  check('the hosted card names the offer', (await text('#hosted-detail')) === seed.ways[1].offer,
    await text('#hosted-detail'));
  const millions = `${Number((seedBreakeven / 1e6).toPrecision(3))}M`;  // 186.8e6 -> "187M"
  check('the break-even in tokens a day', (await text('#breakeven-tokens')).includes(millions),
    `${await text('#breakeven-tokens')} lacks ${millions}`);
  const chart = page.locator('#cost-chart');
  check('the chart marks the break-even',
    await chart.getAttribute('data-breakeven-tokens-per-day') === String(seedBreakeven));
  check('its label', await chart.getAttribute('data-breakeven-label') === `break-even ${millions}/day`,
    await chart.getAttribute('data-breakeven-label'));
  check('the chart marks today',
    await chart.getAttribute('data-today-tokens-per-day') ===
      String(seed.scenario.workload.tokens_per_day));
  check('the slider shows today compactly', await text('#tokens-per-day-value') === '44.4M tokens/day',
    await text('#tokens-per-day-value'));
  check('the form holds the seed scenario',
    await page.inputValue('#self-host-model') === seed.scenario.self_host.model &&
    await page.inputValue('#api-model') === seed.scenario.api.model &&
    await page.inputValue('#staff') === String(seed.scenario.self_host.staff_usd_per_year));
  await page.waitForSelector('#plans[data-state="ready"]');
  check('the five cheapest deployments',
    await page.locator('#plans tbody tr').count() === Math.min(5, seedPlans.length));
  check('the chosen one marked', await page.locator('#plans tr.chosen').count() === 1);
  await page.waitForSelector('#memory[data-state="ready"]');
  check('the memory bar of the chosen GPU',
    await page.locator('#memory .memory-bar .segment').count() === 5);
  check('its note is memory\'s', (await text('#memory .lead')).includes(seedMemory.notes[0]),
    await text('#memory .lead'));
  check('every memory figure is listed',
    await page.locator('#memory details.figure').count() === seedMemory.figures.length);
  check('every compare figure is listed',
    await page.locator('#figures details.figure').count() === seed.figures.length);
  await page.screenshot({ path: join(artifacts, 'page.png') });

  // The cloud choices are the price catalog's (GET /api/v1/catalog/clouds), the
  // seed's ticked; a marketplace says so; ticking RunPod re-plans with it.
  const boxes = () => page.$$eval('#clouds input[name="cloud"]',
    (inputs) => inputs.map((box) => `${box.value}${box.checked ? '+' : ''}`).join(' '));
  const expectedBoxes = clouds.map((c) => `${c.cloud}${seedClouds.includes(c.cloud) ? '+' : ''}`);
  check('a checkbox per cloud of the catalog, the seed\'s ticked',
    await boxes() === expectedBoxes.join(' '), await boxes());
  check('the catalog has the neoclouds', clouds.some((c) => c.cloud === 'runpod') && clouds.length >= 16,
    clouds.map((c) => c.cloud).join(' '));
  check('the volatile marketplaces are marked',
    await text('#clouds label[data-volatile="true"]:has(input[value="vast"])') === 'vast (marketplace)',
    await page.$eval('#clouds', (f) => f.textContent));
  // The clouds of the deployments table, top to bottom, once the page is ready.
  const planClouds = (expected) => page.waitForFunction((want) =>
    [...document.querySelectorAll('#plans tbody tr td:first-child')]
      .map((td) => td.textContent).join(' ') === want &&
    document.querySelector('#summary').dataset.state === 'ready', expected);
  await page.check('#clouds input[value="runpod"]');
  await planClouds(withRunpod.map((p) => p.cloud).join(' '));
  check('the deployments follow the clouds ticked', withRunpod.some((p) => p.cloud === 'runpod'),
    withRunpod.map((p) => p.cloud).join(' '));
  await page.uncheck('#clouds input[value="runpod"]');
  await planClouds(seedPlans.map((p) => p.cloud).join(' '));

  // More traffic, through the slider's own input event.
  const before = await canvas();
  await page.$eval('#tokens-per-day', (slider) => {
    slider.value = '9';
    slider.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.waitForSelector('#cost-chart[data-today-tokens-per-day="1000000000"]');
  await ready();
  const more = (await post('/api/v1/compare', { workload: { tokens_per_day: 1e9 } })).body;
  const moreApi = figure(more, 'api_usd_per_month').value;
  const moreOwn = figure(more, 'selfhost_usd_per_month').value;
  check('the slider shows 1B tokens/day', await text('#tokens-per-day-value') === '1B tokens/day',
    await text('#tokens-per-day-value'));
  check('the API cost follows the traffic', (await text('#api-cost')).startsWith(dollars(moreApi)),
    `${await text('#api-cost')} vs ${dollars(moreApi)}`);
  check('so does owning', (await text('#selfhost-cost')).startsWith(dollars(moreOwn)),
    `${await text('#selfhost-cost')} vs ${dollars(moreOwn)}`);
  check('the API cost changed', await text('#api-cost') !== apiText);
  check('the verdict follows', await text('#verdict') === more.verdict.text);
  check('the chart was redrawn', await canvas() !== before);
  await page.screenshot({ path: join(artifacts, 'page-1e9.png') });

  // Growth (issue 17): the month-by-month chart, flat at the seed's 0% and
  // following the growth field; owning beats the API from month 18 at 10% on the seed.
  const growthChart = page.locator('#growth-chart');
  check('the growth chart spans 24 months', await growthChart.getAttribute('data-months') === '24',
    await growthChart.getAttribute('data-months'));
  check('a line each way', await growthChart.getAttribute('data-series') ===
    more.charts.growth_monthly.series.map((s) => s.name).join(', '),
    await growthChart.getAttribute('data-series'));
  await page.$eval('#tokens-per-day', (slider) => {
    slider.value = String(Math.log10(44.4e6));
    slider.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.fill('#monthly-growth', '0.1');
  await page.waitForSelector('#growth-chart[data-markers*="owning cheaper than the API 16"]');
  await ready();
  await page.locator('#growth-chart').screenshot({ path: join(artifacts, 'growth.png') });
  await page.fill('#monthly-growth', '0');  // back to 1B tokens a day, no growth
  await page.$eval('#tokens-per-day', (slider) => {
    slider.value = '9';
    slider.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.waitForSelector('#cost-chart[data-today-tokens-per-day="1000000000"]');
  await ready();
  const moreMarkers = more.charts.growth_monthly.markers.map((m) => `${m.label} ${m.x}`).join(', ');
  check('the growth chart follows back', await growthChart.getAttribute('data-markers') === moreMarkers,
    `${await growthChart.getAttribute('data-markers')} vs ${moreMarkers}`);

  // One figure's explain trace.
  const explained = figure(more, 'selfhost_usd_per_month');
  const row = page.locator('#figure-selfhost_usd_per_month');
  await row.locator('summary').click();
  const formula = row.locator('.formula code');
  await formula.waitFor({ state: 'visible' });
  check('the explain trace shows the formula', (await formula.textContent()) === explained.formula);
  check('and each input', await row.locator('table.inputs tbody tr').count() === explained.inputs.length);
  check('and the source', (await row.locator('.source').textContent()).includes(explained.source));
  await row.screenshot({ path: join(artifacts, 'explain.png') });

  // A bad input: the server's message under the inputs, the last results kept.
  const staff = { self_host: { staff_usd_per_year: -1 }, workload: { tokens_per_day: 1e9 } };
  const refusal = await post('/api/v1/compare', staff);
  check('the API refuses a negative staff cost', refusal.status === 400);
  await page.fill('#staff', '-1');
  await page.waitForSelector('#input-error:not([hidden])');
  await page.waitForSelector('#summary[data-state="error"]');
  check('the error line is the server\'s message', await text('#input-error') === refusal.body.error,
    await text('#input-error'));
  check('the last results stay', (await text('#api-cost')).startsWith(dollars(moreApi)));
  const health = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(kWaitMs) });
  check('the server still answers /healthz', health.status === 200);
  await page.fill('#staff', '150000');
  await ready();
  check('a good input clears the error', await page.locator('#input-error').isHidden());

  // The model field: suggestions from the catalog as one types, a pick applies.
  await page.waitForFunction(() =>
    document.querySelector('#api-model-note').textContent.includes('per 1M tokens'));
  check('the API offer is described from the catalog',
    (await text('#api-model-note')).startsWith('openai: '), await text('#api-model-note'));
  const qwen = (await (await fetch(`${base}/api/v1/catalog/models?search=qwen`)).json()).models;
  await page.fill('#self-host-model', 'qwen');
  await page.waitForFunction((first) =>
    document.querySelector('#self-host-model-options option')?.value === first, qwen[0].id);
  check('suggestions are the catalog\'s matches',
    await page.locator('#self-host-model-options option').count() === Math.min(qwen.length, 200));
  const small = { workload: { tokens_per_day: 1e9 }, self_host: { model: qwen[0].id } };
  const smallVerdict = (await post('/api/v1/compare', small)).body.verdict.text;
  await page.fill('#self-host-model', qwen[0].id);
  await page.press('#self-host-model', 'Enter');
  await page.waitForFunction((verdict) =>
    document.querySelector('#verdict').textContent === verdict, smallVerdict);
  await ready();
  check('a picked model drives the verdict', await text('#verdict') === smallVerdict);
  check('the page was not reloaded', await text('#tokens-per-day-value') === '1B tokens/day');

  // A usage export: the page sends the file's text (the server reads no disk), takes
  // the workload and API model it gives, and shows the rate-limit line.
  const usageName = 'openai_usage_completions_1h.json';
  const usagePath = join(repo, 'tests', 'data', 'usage_exports', usageName);
  const usage = (await post('/api/v1/usage',
    { files: [{ name: usageName, content: await readFile(usagePath, 'utf8') }] })).body;
  await page.setInputFiles('#usage-files', usagePath);
  await page.waitForSelector('#usage-note[data-state="ready"]');
  check('the usage note is the usage report\'s', await text('#usage-note') === usage.notes[0],
    await text('#usage-note'));
  const usageModel = usage.scenario.api.model;
  await page.waitForFunction((model) =>
    document.querySelector('#rate-limit').textContent.includes(`Rate limits for ${model}:`), usageModel);
  await ready();
  check('the API offer is the export\'s', await page.inputValue('#api-model') === usageModel);
  check('the volume is the export\'s', await text('#tokens-per-day-value') ===
    `${Number((usage.scenario.workload.tokens_per_day / 1e6).toPrecision(3))}M tokens/day`,
    await text('#tokens-per-day-value'));
  const tier = await page.getAttribute('#rate-limit', 'data-tier');
  check('the rate-limit line names a tier', /^Tier \d$/.test(tier), tier);
  await page.setInputFiles('#usage-files', {
    name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"object": "page", "da'),
  });
  await page.waitForSelector('#usage-note[data-state="error"]');
  check('a malformed export is refused in one line', (await text('#usage-note')).startsWith('not read: '),
    await text('#usage-note'));

  check('no script or console errors', pageErrors.length === 0, pageErrors.join(' | '));
} catch (error) {
  check('the page test ran to its end', false, error.message);
} finally {
  await browser.close();
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

// The scenario form: filled from a report's "scenario" object and read back as the
// JSON body the API takes (docs/compare.md lists every field, its unit and range).
import { compact } from './format.js';

const byId = (id) => document.getElementById(id);

// [element id, scenario section, field]
const numberFields = [
  ['input-tokens', 'workload', 'input_tokens_per_request'],
  ['output-tokens', 'workload', 'output_tokens_per_request'],
  ['peak-to-average', 'workload', 'peak_to_average'],
  ['monthly-growth', 'workload', 'monthly_growth'],
  ['staff', 'self_host', 'staff_usd_per_year'],
];
const choiceFields = [
  ['pricing', 'self_host', 'pricing'],
  ['redundancy', 'self_host', 'redundancy'],
  ['precision', 'self_host', 'precision'],
  ['engine', 'self_host', 'engine'],
];
const textFields = [
  ['self-host-model', 'self_host', 'model'],
  ['api-model', 'api', 'model'],
];

// The slider's position is log10(tokens per day); a position the user picks is
// rounded to three significant digits (10^7.65 -> 44.7M), so the value shown is
// the value sent.
function tokensAt(position) {
  return Number((10 ** position).toPrecision(3));
}

export class ScenarioForm {
  // onChange() runs after every edit that changes the scenario.
  constructor(onChange) {
    this.form = byId('inputs');
    this.slider = byId('tokens-per-day');
    this.sliderValue = byId('tokens-per-day-value');
    this.onChange = onChange;
    this.clouds = [];  // the checkboxes, one per cloud of the catalog (setClouds)
    this.allClouds = [];  // the clouds 'all' takes: the catalog's but the volatile marketplaces
    this.tokensPerDay = NaN;
    // Fields a usage export set that the form does not show (an hourly profile, the
    // cached and batch shares, the request shape), sent with every scenario.
    this.extra = { workload: {}, api: {} };

    this.slider.addEventListener('input', () => {
      this.setTokensPerDay(tokensAt(Number(this.slider.value)), false);
      onChange();
    });
    for (const [id] of numberFields) byId(id).addEventListener('input', onChange);
    // A peak the user types replaces the export's hourly profile (docs/compare.md).
    byId('peak-to-average').addEventListener('input', () => {
      delete this.extra.workload.hourly_profile;
    });
    for (const [id] of choiceFields) byId(id).addEventListener('change', onChange);
    for (const [id] of textFields) {
      const input = byId(id);
      input.addEventListener('change', onChange);
      // A pick from the suggestions fires 'input' with a whole catalog id.
      input.addEventListener('input', () => {
        if ([...input.list.options].some((option) => option.value === input.value)) onChange();
      });
    }
  }

  // One checkbox per row of GET /api/v1/catalog/clouds (`llmtco catalog clouds`): the
  // marketplaces with volatile offers say so, as the plan's notes do.
  setClouds(rows) {
    const fieldset = byId('clouds');
    const labels = rows.map((row) => {
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.name = 'cloud';
      box.value = row.cloud;
      box.addEventListener('change', this.onChange);
      const label = document.createElement('label');
      label.dataset.volatile = String(row.volatile);
      label.title = `${row.instances} instances, prices of ${row.date_estimated ? 'about ' : ''}` +
        `${row.date}${row.date_estimated ? ' (estimated)' : ''}` +
        (row.volatile ? '; a marketplace with volatile offers' : '');
      label.append(box, ` ${row.cloud}${row.volatile ? ' (marketplace)' : ''}`);
      return label;
    });
    byId('clouds-note').remove();
    fieldset.append(...labels);
    fieldset.dataset.state = 'ready';
    this.clouds = labels.map((label) => label.querySelector('input'));
    this.allClouds = rows.filter((row) => row.in_all).map((row) => row.cloud);
  }

  // Why the clouds could not be read: the form then has none to tick.
  cloudsUnavailable(message) {
    byId('clouds-note').textContent = `clouds unavailable: ${message}`;
    byId('clouds').dataset.state = 'error';
  }

  setTokensPerDay(tokens, moveSlider) {
    this.tokensPerDay = tokens;
    if (moveSlider) this.slider.value = String(Math.log10(tokens));
    const text = `${compact(tokens)} tokens/day`;
    this.sliderValue.textContent = text;
    this.slider.setAttribute('aria-valuetext', text);
  }

  // Shows a scenario (a report's "scenario" object) in the form.
  fill(scenario) {
    this.setTokensPerDay(scenario.workload.tokens_per_day, true);
    for (const [id, section, field] of numberFields) {
      byId(id).value = String(scenario[section][field]);
    }
    for (const [id, section, field] of choiceFields) {
      const select = byId(id);
      const value = scenario[section][field];
      if (![...select.options].some((option) => option.value === value)) {
        select.add(new Option(value, value));
      }
      select.value = value;
    }
    for (const [id, section, field] of textFields) byId(id).value = scenario[section][field];
    const clouds = scenario.self_host.clouds;
    const named = Array.isArray(clouds) ? clouds : clouds.split(',').map((c) => c.trim());
    const chosen = named.flatMap((name) => (name === 'all' ? this.allClouds : [name]));
    for (const box of this.clouds) box.checked = chosen.includes(box.value);
  }

  // Takes the workload and API sections a usage export gave (a usage reply's
  // "scenario"): the form shows what it has fields for and keeps the rest.
  adopt(scenario) {
    const shown = new Set([...numberFields, ...textFields].map(([, s, f]) => `${s}.${f}`));
    shown.add('workload.tokens_per_day');
    this.extra = { workload: {}, api: {} };
    for (const section of ['workload', 'api']) {
      for (const [field, value] of Object.entries(scenario[section])) {
        if (!shown.has(`${section}.${field}`)) this.extra[section][field] = value;
      }
    }
    this.setTokensPerDay(scenario.workload.tokens_per_day, true);
    for (const [id, section, field] of [...numberFields, ...textFields]) {
      if (section in scenario && field in scenario[section]) {
        byId(id).value = String(scenario[section][field]);
      }
    }
  }

  // Marks the field an error message names ("workload.peak_to_average must be ...")
  // as invalid; an empty message clears every mark.
  markInvalid(message) {
    const fields = [...numberFields, ...choiceFields, ...textFields];
    for (const [id, section, field] of fields) {
      const named = message.startsWith(`${section}.${field}`);
      byId(id).toggleAttribute('aria-invalid', named);
    }
    byId('clouds').toggleAttribute('aria-invalid', message.startsWith('self_host.clouds'));
  }

  // The scenario as the API's body: {scenario} or, for an entry the page can tell
  // is incomplete, {error}. Ranges are the server's to check, so its messages show.
  read() {
    const scenario = {
      workload: { ...this.extra.workload, tokens_per_day: this.tokensPerDay },
      api: { ...this.extra.api },
      self_host: {},
    };
    for (const [id, section, field] of numberFields) {
      const text = byId(id).value.trim();
      if (text === '' || !Number.isFinite(Number(text))) {
        return { error: `${section}.${field}: enter a number` };
      }
      scenario[section][field] = Number(text);
    }
    for (const [id, section, field] of choiceFields) scenario[section][field] = byId(id).value;
    for (const [id, section, field] of textFields) {
      const text = byId(id).value.trim();
      if (text === '') return { error: `${section}.${field}: choose one` };
      scenario[section][field] = text;
    }
    const clouds = this.clouds.filter((box) => box.checked).map((box) => box.value);
    if (clouds.length === 0) return { error: 'self_host.clouds: tick at least one cloud' };
    scenario.self_host.clouds = clouds;
    return { scenario };
  }
}

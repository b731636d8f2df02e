// Suggestions for the model fields as the user types, from
// GET /api/v1/catalog/KIND?search=TEXT (the reply of `llmtco catalog KIND --search TEXT`).
import { getJson } from './api.js';
import { compact, usd } from './format.js';

const kMaxOptions = 200;
const kDelayMs = 200;

export function describeModel(model) {
  const active = model.params_active !== model.params_total
    ? `, ${compact(model.params_active)} active` : '';
  return `${model.short}: ${compact(model.params_total)} params${active}, ${model.architecture}`;
}

export function describeApi(api) {
  const price = (value) => (value === null ? 'n/a' : usd(value));
  const training = api.training_usd_per_1m === null
    ? '' : `, fine-tuning ${price(api.training_usd_per_1m)}`;
  return `${api.provider}: ${price(api.input_usd_per_1m)} in, ` +
    `${price(api.output_usd_per_1m)} out per 1M tokens${training}`;
}

// Keeps DATALIST filled with the catalog rows of KIND that match INPUT's text, and
// NOTE saying what the current entry is (or why there are no suggestions).
export function attachCatalog({ input, datalist, note, kind, describe }) {
  let timer = 0;
  let controller = null;
  let searched = null;
  let rows = [];

  const showNote = () => {
    const row = rows.find((r) => r.id === input.value.trim());
    note.textContent = row ? describe(row) : '';
  };

  async function search() {
    const text = input.value.trim();
    if (text === searched) {
      showNote();
      return;
    }
    controller?.abort();
    controller = new AbortController();
    try {
      const path = `/api/v1/catalog/${kind}?search=${encodeURIComponent(text)}`;
      const reply = await getJson(path, controller.signal);
      searched = text;
      rows = reply[kind] ?? [];
      datalist.replaceChildren(...rows.slice(0, kMaxOptions).map((row) => {
        const option = document.createElement('option');
        option.value = row.id;
        option.label = describe(row);
        return option;
      }));
      showNote();
      if (rows.length === 0 && reply.notes?.length) note.textContent = reply.notes[0];
    } catch (error) {
      if (error.name === 'AbortError') return;
      note.textContent = `suggestions unavailable: ${error.message}`;
    }
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(search, kDelayMs);
  });
  return search;
}

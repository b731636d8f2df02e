// Figures with their explain trace: each row names a figure and its value; opened,
// it shows the formula, the inputs (name, value, unit) and the source, the same
// trace as `llmtco ... --explain`. Nothing is recomputed here.
import { el } from './dom.js';
import { number, quantity } from './format.js';

const kMethods = [
  ['physics', "This tool's estimate (physics)"],
  ['article', "The seed article's rules of thumb"],
];

function reference(figure) {
  const ref = figure.reference;
  if (!ref) return null;
  const off = ref.difference_pct === 0 ? 'the same' : `${number(ref.difference_pct)}% off`;
  return el('p', { class: 'reference' },
    el('span', { class: 'key' }, 'Article prints'), ` ${ref.printed} (${off})`,
    ref.reason ? `: ${ref.reason}` : '');
}

function trace(figure) {
  const inputs = figure.inputs.length === 0 ? null : el('table', { class: 'inputs' },
    el('thead', {}, el('tr', {}, el('th', {}, 'input'), el('th', { class: 'num' }, 'value'),
      el('th', {}, 'unit'))),
    el('tbody', {}, figure.inputs.map((input) => el('tr', {},
      el('td', {}, el('code', {}, input.name)),
      el('td', { class: 'num', title: String(input.value) }, number(input.value)),
      el('td', {}, input.unit)))));
  return el('div', { class: 'trace' },
    el('p', { class: 'formula' }, el('span', { class: 'key' }, 'Formula'), ' ',
      el('code', {}, figure.formula)),
    inputs,
    el('p', { class: 'source' }, el('span', { class: 'key' }, 'Source'), ` ${figure.source}`),
    reference(figure));
}

function row(figure, idPrefix, open) {
  return el('details', { class: 'figure', id: `${idPrefix}${figure.id}`, open: open.has(figure.id) },
    el('summary', {},
      el('span', { class: 'figure-label' }, figure.label),
      el('span', { class: 'figure-value', title: `${figure.value} ${figure.unit}` },
        quantity(figure.value, figure.unit)),
      el('code', { class: 'figure-id' }, figure.id)),
    trace(figure));
}

// Replaces CONTAINER's content with FIGURES, grouped by method where there are
// several; rows that were open stay open.
export function renderFigures(container, figures, idPrefix = 'figure-') {
  const open = new Set([...container.querySelectorAll('details.figure[open]')]
    .map((d) => d.id.slice(idPrefix.length)));
  const groups = kMethods
    .map(([method, title]) => [title, figures.filter((f) => f.method === method)])
    .filter(([, list]) => list.length > 0);
  const other = figures.filter((f) => !kMethods.some(([method]) => method === f.method));
  if (other.length > 0) groups.push(['Other figures', other]);
  const single = groups.length === 1;
  container.replaceChildren(...groups.map(([title, list]) => el('div', { class: 'figure-group' },
    single ? null : el('h3', {}, title),
    list.map((figure) => row(figure, idPrefix, open)))));
}

// Numbers for people: $5,402, 187M, 140 GB. The server's JSON carries raw values;
// the page rounds them only here.

const wholeNumber = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const suffixes = ['', 'k', 'M', 'B', 'T'];

// Three significant digits with k, M, B or T, like the CLI's format_compact:
// 44400000 -> "44.4M", 186806748 -> "187M", 1e4 -> "10k".
export function compact(value) {
  if (!Number.isFinite(value)) return 'n/a';
  if (value === 0) return '0';
  let scaled = Math.abs(value);
  let power = 0;
  // Rounding may carry into the next suffix (999,999 -> 1M).
  while (power + 1 < suffixes.length && Number(scaled.toPrecision(3)) >= 1000) {
    scaled /= 1000;
    power += 1;
  }
  const digits = scaled >= 1000 ? wholeNumber.format(scaled) : String(Number(scaled.toPrecision(3)));
  return (value < 0 ? '-' : '') + digits + suffixes[power];
}

// Whole dollars with thousands separators ($5,402); cents from 10 cents to $100
// ($6.99, $0.30); two significant digits below ($0.0045). The CLI's text prints
// money by the same rule (format_usd, include/llmtco/number_format.h).
export function usd(value) {
  if (!Number.isFinite(value)) return 'n/a';
  const abs = Math.abs(value);
  let digits;
  if (abs >= 100 || abs === Math.round(abs)) {
    digits = wholeNumber.format(abs);
  } else if (abs >= 0.1) {
    digits = abs.toFixed(2);
  } else {
    digits = String(Number(abs.toPrecision(2)));
  }
  return `${value < 0 ? '-' : ''}$${digits}`;
}

// A plain number: separators for large ones, three significant digits for small ones.
export function number(value) {
  if (!Number.isFinite(value)) return 'n/a';
  if (Math.abs(value) >= 1000) return wholeNumber.format(value);
  return String(Number(value.toPrecision(3)));
}

// A figure's value in its unit, the way a person reads it.
export function quantity(value, unit) {
  if (unit.startsWith('USD')) return usd(value) + unit.slice(3);
  if (unit === 'probability' || unit === 'fraction') {
    const percent = number(value * 100);
    // A share short of all never prints as all: 99.96%, not 100%.
    if (percent !== '100' || value >= 1) return `${percent}%`;
    return `${Math.min(Math.floor(value * 10000) / 100, 99.99).toFixed(2)}%`;
  }
  if (unit === 'x') return `${number(value)}x`;
  if (Math.abs(value) >= 1e6) return `${compact(value)} ${unit}`;
  return `${number(value)}${unit ? ` ${unit}` : ''}`;
}

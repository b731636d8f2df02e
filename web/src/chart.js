// The cost-vs-volume chart: compare's charts.cost_curves on two log axes, with
// today's volume and the break-even marked. The container's data attributes say
// what is drawn, so a test can tell the chart changed without reading pixels.
import { Chart, registerables } from 'chart.js';
import annotationPlugin from 'chartjs-plugin-annotation';
import { compact, usd } from './format.js';

Chart.register(...registerables, annotationPlugin);

// The HTML report's palette (src/render/svg.cc), colour-blind safe.
export const kPalette = ['#0072b2', '#d55e00', '#009e73', '#cc79a7'];
const kBand = 'rgba(0, 158, 115, 0.10)';
const kFont = '"DejaVu Sans", system-ui, sans-serif';

Chart.defaults.font.family = kFont;
Chart.defaults.color = '#444';

// Log-axis labels at each power of ten; at 1, 2 and 5 x 10^n too when the axis
// spans less than two decades.
function logTick(format) {
  return function tick(value) {
    const exponent = Math.log10(value);
    const mantissa = Number((value / 10 ** Math.floor(exponent + 1e-9)).toPrecision(3));
    const narrow = Math.log10(this.max / this.min) < 2;
    return mantissa === 1 || (narrow && (mantissa === 2 || mantissa === 5)) ? format(value) : null;
  };
}

export function marker(x, colour, text, position) {
  return {
    type: 'line',
    xMin: x,
    xMax: x,
    borderColor: colour,
    borderWidth: 2,
    borderDash: [6, 4],
    label: {
      display: true,
      content: text,
      position,
      backgroundColor: colour,
      color: '#fff',
      font: { size: 12, weight: 'bold' },
      padding: 4,
    },
  };
}

export class CostChart {
  constructor(container, canvas) {
    this.container = container;
    this.chart = new Chart(canvas, {
      type: 'line',
      data: { datasets: [] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        scales: {
          x: {
            type: 'logarithmic',
            title: { display: true, text: 'tokens per day' },
            ticks: { callback: logTick(compact), autoSkip: false, maxRotation: 0 },
          },
          y: {
            type: 'logarithmic',
            title: { display: true, text: 'USD per month' },
            ticks: { callback: logTick((v) => `$${compact(v)}`), autoSkip: false },
          },
        },
        plugins: {
          legend: { position: 'top', labels: { boxHeight: 2 } },
          tooltip: {
            callbacks: {
              title: (items) => `${compact(items[0].parsed.x)} tokens/day`,
              label: (item) => `${item.dataset.label}: ${usd(item.parsed.y)}/month`,
            },
          },
          annotation: { annotations: {} },
        },
      },
    });
  }

  // Draws REPORT (a compare reply): its cost curves, the bands where owning is
  // cheaper, today's volume and the break-even (figure breakeven_tokens_per_day).
  update(report, figures) {
    const curves = report.charts.cost_curves;
    const today = report.scenario.workload.tokens_per_day;
    const breakeven = figures.get('breakeven_tokens_per_day')?.value;

    this.chart.data.datasets = curves.series.map((series, i) => ({
      label: series.name,
      data: series.points.map(([x, y]) => ({ x, y })),
      borderColor: kPalette[i % kPalette.length],
      backgroundColor: kPalette[i % kPalette.length],
      borderWidth: i === 2 ? 1.5 : 2.5,
      borderDash: i === 2 ? [3, 3] : [],
      pointRadius: 0,
      pointHoverRadius: 3,
    }));
    const annotations = {};
    curves.bands.forEach((band, i) => {
      annotations[`band${i}`] = {
        type: 'box',
        xMin: band.x_from,
        xMax: band.x_to,
        backgroundColor: kBand,
        borderWidth: 0,
        drawTime: 'beforeDatasetsDraw',
      };
    });
    annotations.today = marker(today, '#444', `today ${compact(today)}/day`, 'start');
    const breakevenLabel = breakeven === undefined ? '' : `break-even ${compact(breakeven)}/day`;
    if (breakevenLabel) annotations.breakeven = marker(breakeven, '#00664a', breakevenLabel, 'end');
    this.chart.options.plugins.annotation.annotations = annotations;
    this.chart.update('none');

    const data = this.container.dataset;
    data.todayTokensPerDay = String(today);
    data.breakevenTokensPerDay = breakeven === undefined ? 'none' : String(breakeven);
    data.breakevenLabel = breakevenLabel;
    data.series = curves.series.map((s) => s.name).join(', ');
    data.points = String(curves.series.reduce((n, s) => n + s.points.length, 0));
  }
}

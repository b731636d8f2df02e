// The growth chart: compare's charts.growth_monthly, each way's monthly cost over
// the months ahead (month 0 is today) on linear axes, the month owning becomes
// cheaper marked. The container's data attributes say what is drawn, so a test
// can tell the chart changed without reading pixels.
import { Chart } from 'chart.js';
import { kPalette, marker } from './chart.js';
import { usd } from './format.js';

export class GrowthChart {
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
            type: 'linear',
            title: { display: true, text: 'month (0 = today)' },
            ticks: { stepSize: 1, precision: 0 },
          },
          y: {
            type: 'linear',
            beginAtZero: true,
            title: { display: true, text: 'USD per month' },
            ticks: { callback: (v) => usd(v) },
          },
        },
        plugins: {
          legend: { position: 'top', labels: { boxHeight: 2 } },
          tooltip: {
            callbacks: {
              title: (items) => `month ${items[0].parsed.x}`,
              label: (item) => `${item.dataset.label}: ${usd(item.parsed.y)}/month`,
            },
          },
          annotation: { annotations: {} },
        },
      },
    });
  }

  // Draws REPORT's growth_monthly chart (a compare reply); its markers are the
  // months owning becomes cheaper.
  update(report) {
    const growth = report.charts.growth_monthly;
    const series = growth ? growth.series : [];
    this.chart.data.datasets = series.map((s, i) => ({
      label: s.name,
      data: s.points.map(([x, y]) => ({ x, y })),
      borderColor: kPalette[i % kPalette.length],
      backgroundColor: kPalette[i % kPalette.length],
      borderWidth: 2.5,
      pointRadius: 0,
      pointHoverRadius: 3,
    }));
    const annotations = {};
    (growth ? growth.markers : []).forEach((m, i) => {
      annotations[`marker${i}`] = marker(m.x, '#00664a', `${m.label}: month ${m.x}`, 'start');
    });
    this.chart.options.plugins.annotation.annotations = annotations;
    this.chart.update('none');

    const data = this.container.dataset;
    data.months = String(series.length > 0 ? series[0].points.length : 0);
    data.series = series.map((s) => s.name).join(', ');
    data.markers = (growth ? growth.markers : []).map((m) => `${m.label} ${m.x}`).join(', ');
  }
}

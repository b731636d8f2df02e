// The page of `llmtco serve`: inputs on the left, the verdict and charts on the right.
import { Chart, registerables } from 'chart.js';
import annotationPlugin from 'chartjs-plugin-annotation';

Chart.register(...registerables, annotationPlugin);

async function main() {
  const response = await fetch('/api/v1/compare', { method: 'POST', body: '{}' });
  const report = await response.json();
  document.getElementById('status').textContent = report.verdict.text;
}

main();

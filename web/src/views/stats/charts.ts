// The dashboard's charts: Chart.js v4 with only the pieces these charts use registered (chart-setup.ts),
// imported when /stats first draws a chart, so no other view loads it. A chart is a picture of a table shown beside it: the canvas is an image
// (role="img") named by the chart's title, and the table is its accessible equivalent.
import { formatNumber } from '../../lib/format.js';
import type { Chart as ChartType } from 'chart.js';

let loading: Promise<typeof import('./chart-setup.js')> | null = null;

function chartJs(): Promise<typeof import('./chart-setup.js')> {
  if (!loading) {
    loading = import('./chart-setup.js');
    loading.catch(() => (loading = null)); // a failed load (the server gone) is tried again next time
  }
  return loading;
}

// Colours told apart by people with the commoner colour blindnesses (Okabe and Ito's), each on white
// at 3:1 or more; the lines are also dashed differently.
const PALETTE = ['#8a3b12', '#0072b2', '#009e73', '#cc79a7', '#d55e00', '#56b4e9', '#6b5a00', '#000000'];
const DASHES = [[], [6, 3], [2, 2], [8, 3, 2, 3], [], [6, 3], [2, 2], [8, 3, 2, 3]];

const live: ChartType[] = [];

// Charts of a dashboard drawn again (a new range, a new language) are let go.
export function destroyCharts(): void {
  for (const c of live.splice(0)) c.destroy();
}

export interface BarChart {
  kind: 'bar';
  labels: string[];
  values: number[];
}

export interface LineChart {
  kind: 'line';
  labels: string[]; // the months
  series: { name: string; values: (number | null)[] }[];
}

// Draws `chart` into a canvas in `box`, named `name` for screen readers; horizontal bars (long labels
// read on a phone), lines over months with a legend.
export async function drawChart(box: HTMLElement, name: string, chart: BarChart | LineChart, lang: string): Promise<void> {
  const { Chart } = await chartJs();
  const canvas = document.createElement('canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', name);
  canvas.textContent = name; // fallback content for browsers without canvas
  const bars = chart.kind === 'bar';
  // A bar's height is fixed: the box grows with the number of bars.
  box.style.height = bars ? `${Math.max(120, 34 * chart.labels.length + 50)}px` : '320px';
  box.replaceChildren(canvas);
  const tick = (v: string | number) => (typeof v === 'number' ? formatNumber(v, lang) : v);
  const c = new Chart(canvas, {
    type: chart.kind,
    data: bars
      ? { labels: chart.labels, datasets: [{ label: name, data: chart.values, backgroundColor: PALETTE[0], borderRadius: 3 }] }
      : {
        labels: chart.labels,
        datasets: chart.series.map((s, i) => ({
          label: s.name, data: s.values, borderColor: PALETTE[i % PALETTE.length], backgroundColor: PALETTE[i % PALETTE.length],
          borderDash: DASHES[i % DASHES.length], spanGaps: true, tension: 0, pointRadius: 3,
        })),
      },
    options: {
      indexAxis: bars ? 'y' : 'x',
      maintainAspectRatio: false,
      responsive: true,
      animation: false,
      locale: lang,
      plugins: {
        legend: { display: !bars, position: 'bottom', labels: { boxWidth: 14 } },
        tooltip: { callbacks: { label: (item) => `${bars ? '' : item.dataset.label + ': '}${formatNumber(Number(item.raw), lang)}` } },
      },
      scales: bars
        ? { x: { beginAtZero: true, ticks: { callback: tick } }, y: { ticks: { autoSkip: false } } }
        : { y: { beginAtZero: true, ticks: { callback: tick } } },
    },
  });
  live.push(c);
}

// Chart.js with only what the dashboard's charts use registered (bars and lines on a category and a linear
// axis, the legend, tooltips): imported statically here so the build leaves the rest of Chart.js out, and
// this module imported lazily by charts.ts so only /stats loads it.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

export { Chart };

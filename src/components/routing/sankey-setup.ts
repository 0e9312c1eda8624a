import { Flow, SankeyController } from 'chartjs-chart-sankey';
import { Chart } from '../charts/chart-setup';

// Registered here, not with the lab's other chart types, so only the routing view pulls it in.
Chart.register(SankeyController, Flow);

/** The chart.js build with the Sankey controller registered. */
export { Chart };

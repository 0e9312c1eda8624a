import { expose } from 'comlink';
import { createHistoryWorkerApi } from './history-worker-api';

// Thin entry: reading and validating a large import file here keeps the page responsive.
expose(createHistoryWorkerApi());

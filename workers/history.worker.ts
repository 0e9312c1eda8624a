import { expose } from 'comlink';
import { createHistoryWorkerApi, emptyWork } from './history-worker-api';

// Reading import files, holding the whole history, its statistics and its export file here
// keeps the page responsive however large the history grows.
const work = emptyWork();
// The browser tests read this (through Playwright's worker handle) to see the work ran here.
(self as unknown as { __historyWork: typeof work }).__historyWork = work;
expose(createHistoryWorkerApi(work));

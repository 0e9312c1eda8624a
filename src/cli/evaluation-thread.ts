/**
 * A worker_threads entry for the command line and the bench: runs evaluation jobs (a situation's
 * policy cases, or the staged table of one script) with the same domain code the page's
 * evaluation worker runs, one job per message.
 */
import { parentPort } from 'node:worker_threads';
import { parseContract } from '../contracts';
import { runJob, ThreadJobSchema } from './evaluation-threads';

parentPort?.on('message', (message: unknown) => {
  parentPort?.postMessage(runJob(parseContract(ThreadJobSchema, message, 'evaluation job')));
});

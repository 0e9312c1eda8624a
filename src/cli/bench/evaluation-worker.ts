/**
 * A worker_threads entry for the bench: scores evaluation cases with the same domain code the
 * browser's simulator worker runs, so the pool figure measures the work, not a different build.
 */
import { parentPort } from 'node:worker_threads';
import { EvaluationCaseBatchSchema, parseContract } from '../../contracts';
import { runCase } from '../../domain/evaluation';

parentPort?.on('message', (message: unknown) => {
  const cases = parseContract(EvaluationCaseBatchSchema, message, 'evaluation cases');
  parentPort?.postMessage(cases.map(runCase));
});

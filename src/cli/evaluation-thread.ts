/**
 * A worker_threads entry for the command line and the bench: scores evaluation units with the
 * same domain code the page's evaluation worker runs, one unit per message.
 */
import { parentPort } from 'node:worker_threads';
import { EvaluationUnitSchema, parseContract } from '../contracts';
import { runUnit } from '../domain/evaluation';

parentPort?.on('message', (message: unknown) => {
  const unit = parseContract(EvaluationUnitSchema, message, 'evaluation unit');
  parentPort?.postMessage(runUnit(unit));
});

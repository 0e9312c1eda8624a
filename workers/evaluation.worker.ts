import { expose } from 'comlink';
import { parseContract } from '../src/contracts/common';
import {
  EvaluationUnitBatchSchema,
  LearningCurveOptionsSchema,
  type EvaluationWorkerApi,
} from '../src/contracts/evaluation';
import type { IncidentStagesApi } from '../src/contracts/incident-stages';
import { runLearningCurve, runUnit } from '../src/domain/evaluation';
import { scoreStagedRequest } from '../src/domain/evaluation/incident-stages-request';

/** Cycles between two progress reports of a learning curve: enough for a smooth bar, few messages. */
const CURVE_PROGRESS_EVERY = 10;

// Thin entry: parse the input at the boundary, call the pure domain, expose. The staged request
// is parsed in the domain call, which names any unknown script or policy.
const api: EvaluationWorkerApi & IncidentStagesApi = {
  hello: () => ({
    worker: 'evaluation',
    ready: true,
    methods: ['evaluateUnits', 'learningCurve', 'scoreScript'],
  }),
  evaluateUnits(units) {
    return parseContract(EvaluationUnitBatchSchema, units, 'evaluation units').flatMap((unit) =>
      runUnit(unit),
    );
  },
  learningCurve(options, onProgress) {
    const parsed = parseContract(LearningCurveOptionsSchema, options, 'learning-curve options');
    const report = typeof onProgress === 'function' ? onProgress : undefined;
    return runLearningCurve(
      parsed,
      (done, total) => {
        // Fire and forget: across a worker the callback is a proxy whose answer nobody needs.
        if (report && (done % CURVE_PROGRESS_EVERY === 0 || done === total))
          void report(done, total);
      },
      // The records the curve learns from carry a real executionTimeMs, as the lab's do.
      () => performance.now(),
    );
  },
  scoreScript: (request) => scoreStagedRequest(request),
};

expose(api);

import { expose } from 'comlink';
import { parseContract } from '../src/contracts/common';
import { EvaluationUnitBatchSchema, type EvaluationWorkerApi } from '../src/contracts/evaluation';
import type { IncidentStagesApi } from '../src/contracts/incident-stages';
import { runUnit } from '../src/domain/evaluation';
import { scoreStagedRequest } from '../src/domain/evaluation/incident-stages-request';
import { learningCurveCall, trainingExperienceCall } from './learning-curve-call';

// Thin entry: parse the input at the boundary, call the pure domain, expose. The staged request
// is parsed in the domain call, which names any unknown script or policy.
const api: EvaluationWorkerApi & IncidentStagesApi = {
  hello: () => ({
    worker: 'evaluation',
    ready: true,
    methods: ['evaluateUnits', 'learningCurve', 'trainingExperience', 'scoreScript'],
  }),
  evaluateUnits(units) {
    return parseContract(EvaluationUnitBatchSchema, units, 'evaluation units').flatMap((unit) =>
      runUnit(unit),
    );
  },
  learningCurve(options, onProgress) {
    return learningCurveCall(options, onProgress);
  },
  trainingExperience(options, onProgress) {
    return trainingExperienceCall(options, onProgress);
  },
  scoreScript: (request) => scoreStagedRequest(request),
};

expose(api);

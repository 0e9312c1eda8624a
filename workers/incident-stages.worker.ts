import { expose } from 'comlink';
import type { IncidentStagesApi } from '../src/contracts/incident-stages';
import { scoreStagedRequest } from '../src/domain/evaluation/incident-stages-request';

// Thin entry: the request is parsed in the domain call, which names any unknown script or policy.
const api: IncidentStagesApi = {
  scoreScript: (request) => scoreStagedRequest(request),
};

expose(api);

import { expose } from 'comlink';
import { parseContract } from '../src/contracts/common';
import { EvaluationCaseBatchSchema } from '../src/contracts/evaluation';
import {
  SimulationBatchSchema,
  SimulationRequestSchema,
  WorldRunRequestSchema,
  WorldStepRequestSchema,
  type SimulatorApi,
} from '../src/contracts/worker-api';
import { runCase } from '../src/domain/evaluation';
import { simulatePair, simulateWindow, stepWindow, stepWindows } from '../src/domain/simulation';
import { runScript } from '../src/domain/simulation/script-runner';
import { learningCurveCall } from './learning-curve-call';

// Thin entry in the Squoosh style: parse the input at the boundary, call the pure domain, expose.
const api: SimulatorApi = {
  hello: () => ({
    worker: 'simulator',
    ready: true,
    methods: [
      'simulate',
      'simulatePair',
      'simulateMany',
      'runScript',
      'step',
      'stepMany',
      'evaluateCases',
      'learningCurve',
    ],
  }),
  simulate(request) {
    const { scenario, controlPlane, timestamp } = parseContract(
      SimulationRequestSchema,
      request,
      'simulation request',
    );
    return simulateWindow(scenario, controlPlane, timestamp);
  },
  simulatePair(request) {
    const { scenario, controlPlane, timestamp } = parseContract(
      SimulationRequestSchema,
      request,
      'simulation request',
    );
    return simulatePair(scenario, controlPlane, timestamp);
  },
  simulateMany(requests) {
    return parseContract(SimulationBatchSchema, requests, 'simulation batch').map((request) =>
      simulateWindow(request.scenario, request.controlPlane, request.timestamp),
    );
  },
  // runScript parses the whole request (script, actions, seed) before it simulates anything.
  runScript: (request) => runScript(request),
  step(request) {
    return stepWindow(parseContract(WorldStepRequestSchema, request, 'world step request'));
  },
  stepMany(request) {
    const { state, windows } = parseContract(WorldRunRequestSchema, request, 'world run request');
    return stepWindows(state, windows);
  },
  evaluateCases(cases) {
    return parseContract(EvaluationCaseBatchSchema, cases, 'evaluation cases').map(runCase);
  },
  learningCurve(options, onProgress) {
    return learningCurveCall(options, onProgress);
  },
  crash() {
    // Fault injection: an uncaught error outside any call, as a real crash would raise; the
    // main-thread client sees the worker's error event, fails pending calls and restarts it.
    setTimeout(() => {
      throw new Error('simulator worker crashed on request');
    });
  },
};

expose(api);

import { expose } from 'comlink';
import { parseContract } from '../src/contracts/common';
import {
  SimulationBatchSchema,
  SimulationRequestSchema,
  type SimulatorApi,
} from '../src/contracts/worker-api';
import { simulatePair, simulateWindow } from '../src/domain/simulation';

// Thin entry in the Squoosh style: parse the input at the boundary, call the pure domain, expose.
const api: SimulatorApi = {
  hello: () => ({
    worker: 'simulator',
    ready: true,
    methods: ['simulate', 'simulatePair', 'simulateMany'],
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
  crash() {
    // Fault injection: an uncaught error outside any call, as a real crash would raise; the
    // main-thread client sees the worker's error event, fails pending calls and restarts it.
    setTimeout(() => {
      throw new Error('simulator worker crashed on request');
    });
  },
};

expose(api);

import { expose } from 'comlink';
import { parseContract } from '../src/contracts/common';
import { ReasoningInputSchema } from '../src/contracts/reasoning';
import type { ReasoningApi } from '../src/contracts/worker-api';
import { reason } from '../src/domain/reasoning';

// Thin entry in the Squoosh style: parse the input at the boundary, call the pure domain, expose.
const api: ReasoningApi = {
  hello: () => ({ worker: 'reasoning', ready: true, methods: ['reason'] }),
  reason(input) {
    return reason(parseContract(ReasoningInputSchema, input, 'reasoning input'));
  },
  crash() {
    // Fault injection: an uncaught error outside any call, as a real crash would raise; the
    // main-thread client sees the worker's error event, fails pending calls and restarts it.
    setTimeout(() => {
      throw new Error('reasoning worker crashed on request');
    });
  },
};

expose(api);

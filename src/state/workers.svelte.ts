import type { WorkerHello } from '../contracts/worker-api';
import { reasoningClient } from '../services/reasoning-client';
import { simulatorClient } from '../services/simulator-client';
import type { WorkerClient, WorkerEvent } from '../services/worker-client';

/** Health of one worker as the UI shows it. */
export interface WorkerStatus {
  name: string;
  state: 'starting' | 'ready' | 'failed';
  methods: string[];
  /** Round-trip time of the last hello, in ms. */
  roundTripMs: number | null;
  starts: number;
  lastProblem: string | null;
}

type Pingable = WorkerClient<{ hello(): WorkerHello }>;

/** Holds the workers' health: the page's single source of truth for "are the workers alive". */
export class WorkersState {
  simulator = $state<WorkerStatus>(initial('Simulator worker'));
  reasoning = $state<WorkerStatus>(initial('Reasoning worker'));
  /** Crashes and hangs the user should know about, newest last. */
  problems = $state<WorkerEvent[]>([]);

  /** Starts both workers, listens for crashes and asks each for a hello. */
  async connect(): Promise<void> {
    const pairs: [WorkerStatus, Pingable][] = [
      [this.simulator, simulatorClient() as unknown as Pingable],
      [this.reasoning, reasoningClient() as unknown as Pingable],
    ];
    await Promise.all(
      pairs.map(([status, client]) => {
        client.onEvent((event) => {
          this.problems = [...this.problems, event];
          status.lastProblem = event.message;
          status.starts = event.generation;
          void this.ping(status, client);
        });
        return this.ping(status, client);
      }),
    );
  }

  /** Crashes both workers on purpose to show that the lab notices and restarts them. */
  async crashTest(): Promise<void> {
    await Promise.all([simulatorClient().call('crash', []), reasoningClient().call('crash', [])]);
  }

  private async ping(status: WorkerStatus, client: Pingable): Promise<void> {
    status.state = 'starting';
    const started = performance.now();
    try {
      const hello = await client.call('hello', []);
      status.roundTripMs = performance.now() - started;
      status.methods = hello.methods;
      status.state = 'ready';
      status.starts = client.starts;
    } catch (error) {
      status.state = 'failed';
      status.lastProblem = error instanceof Error ? error.message : String(error);
    }
  }
}

function initial(name: string): WorkerStatus {
  return { name, state: 'starting', methods: [], roundTripMs: null, starts: 0, lastProblem: null };
}

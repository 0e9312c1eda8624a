/**
 * The staged incident table's share of the page's evaluation pool: the work is cut into one
 * request per preset script, and an evaluation worker answers each with rows that are parsed
 * here, at the boundary, before they join the report.
 */
import {
  IncidentStageRowsSchema,
  parseContract,
  type IncidentStageRow,
  type IncidentStagesApi,
  type IncidentStagesRequest,
  type PolicyId,
} from '../contracts';
import type { WorkerClient } from './worker-client';

/** What the staged table of an evaluation scores: these scripts, these policies, one run seed. */
export interface StagedWork {
  scriptIds: readonly string[];
  policies: readonly PolicyId[];
  seed: number;
}

/** The work as one request per script, in script order (the order of the table's rows). */
export function stagedRequests(work: StagedWork): IncidentStagesRequest[] {
  return work.scriptIds.map((scriptId) => ({
    scriptId,
    policies: [...work.policies],
    seed: work.seed,
  }));
}

/**
 * Scores one script's request in the client's worker and parses its rows; rows that break the
 * contract are refused with the script named, and so is an answer for another script or policy.
 */
export async function scoreStagedIn(
  client: WorkerClient<IncidentStagesApi>,
  request: IncidentStagesRequest,
  timeoutMs?: number,
): Promise<IncidentStageRow[]> {
  const answer = await client.call('scoreScript', [request], timeoutMs);
  const rows = parseContract(IncidentStageRowsSchema, answer, `staged rows of ${request.scriptId}`);
  const expected = request.policies.join(',');
  if (
    rows.some((r) => r.scriptId !== request.scriptId) ||
    rows.map((r) => r.policy).join(',') !== expected
  )
    throw new Error(
      `The staged rows of ${request.scriptId} do not answer its request (policies ${expected}).`,
    );
  return rows;
}

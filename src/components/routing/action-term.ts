/**
 * When an action in force took effect and when it lapses back unless renewed, in the windows the
 * agent sees when the clock knew them and in time otherwise, as the mitigation debt lists it.
 */
import type { ActiveAction } from '../../services/executor';

/** The parts of an action in force its term is read from. */
export type TermOf = Pick<
  ActiveAction,
  'appliedAt' | 'appliedWindow' | 'expiresAt' | 'expiresWindow'
>;

/** "since window 5 · lapses at window 35 unless renewed", `clock` writing times when windows are not known. */
export function actionTerm(active: TermOf, clock: (at: number) => string): string {
  const since =
    active.appliedWindow !== undefined
      ? `since window ${active.appliedWindow}`
      : `since ${clock(active.appliedAt)}`;
  if (active.expiresWindow !== undefined)
    return `${since} · lapses at window ${active.expiresWindow} unless renewed`;
  if (active.expiresAt !== undefined)
    return `${since} · lapses at ${clock(active.expiresAt)} unless renewed`;
  return `${since} · no term: it stays until undone`;
}

/**
 * The situation an action is taken in, as experience is keyed: where the fault sits, the route it
 * moves traffic to, how much room that route had (headroom band) and how much it moved (share
 * band). "Shift Visa when the backup is free" and "when the backup is full" are then different
 * experiences. The planner writes the key into the proposal's rationale as a tag, so a stored
 * record carries it without a new field, and the learning context reads it back.
 */
import type { FaultLocation, RouteId } from '../../contracts';
import type { HeadroomBand } from './headroom';

/** How much of an issuer's (or every issuer's) traffic an action moves. */
export type ShareBand = 'small' | 'medium' | 'large';

/** The parts of an experience key besides the pattern and the action type. */
export interface ExperienceContext {
  fault: FaultLocation | 'none';
  route: RouteId | 'any';
  headroom: HeadroomBand | 'na';
  share: ShareBand | 'na';
}

/** The share band of a move of `p` (0–1) of an issuer's traffic. */
export function shareBand(p: number): ShareBand {
  if (p <= 0.15) return 'small';
  if (p <= 0.35) return 'medium';
  return 'large';
}

/** The canonical key of a context: `fault=route;route=backup;headroom=ample;share=large`. */
export function contextKey(c: ExperienceContext): string {
  return `fault=${c.fault};route=${c.route};headroom=${c.headroom};share=${c.share}`;
}

const TAG =
  /\[context ((?:lead=[a-z_]+;)?fault=[a-z_]+;route=[a-z]+;headroom=[a-z]+;share=[a-z]+)\]/;

/**
 * The key with the situation's strongest pattern in front: a failover that worked in a processor
 * outage says little about a failover when a retry storm leads.
 */
export function withLead(lead: string, key: string): string {
  return `lead=${lead};${key}`;
}

/** The strongest pattern a key names, or undefined when it names none. */
export function leadOf(key: string | undefined): string | undefined {
  return key === undefined ? undefined : /^lead=([a-z_]+);/.exec(key)?.[1];
}

/** The tag the planner appends to a rationale. */
export function contextTag(key: string): string {
  return `[context ${key}]`;
}

/** The context key a rationale carries, or undefined when it has none. */
export function parseContextTag(rationale: string | undefined): string | undefined {
  if (rationale === undefined) return undefined;
  return TAG.exec(rationale)?.[1];
}

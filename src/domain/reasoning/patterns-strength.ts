import { round } from '../numbers';

/** A pattern's strength from its weighted parts, kept within [0.05, 0.95]: never certain either way. */
export function patternStrength(parts: number): number {
  return round(Math.min(0.95, Math.max(0.05, parts)), 4);
}

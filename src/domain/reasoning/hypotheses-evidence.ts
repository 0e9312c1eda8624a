import type { Evidence } from '../../contracts';
import { round } from '../numbers';
import { formatPercent } from '../percent';

// The lab's one evidence renderer: the template hypotheses and the anomalies panel write
// evidence the same way.

/** Renders one piece of evidence as a short line, e.g. "visa successRate 99.0% → 84.1%". */
export function describeEvidence(e: Evidence): string {
  const who = [e.issuerId, e.routeId, e.errorCode].filter((x) => x !== undefined).join(' ');
  const isShare = /rate|ratio|share/i.test(e.metric);
  const fmt = (v: number): string =>
    isShare
      ? formatPercent(v)
      : e.metric.startsWith('latency')
        ? `${Math.round(v)} ms`
        : `${round(v, 3)}`;
  const base = e.baselineValue === null ? 'n/a' : fmt(e.baselineValue);
  const text = `${who ? `${who} ` : ''}${e.metric} ${base} → ${fmt(e.currentValue)}${e.note ? ` (${e.note})` : ''}`;
  return text.slice(0, 2000);
}

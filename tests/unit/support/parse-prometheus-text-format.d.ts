/** Types for parse-prometheus-text-format, which ships none: prom2json-shaped families. */
declare module 'parse-prometheus-text-format' {
  /** One sample: a value (gauge, counter, untyped) or quantiles and count (summary). */
  export interface ParsedMetric {
    value?: string;
    labels?: Record<string, string>;
    quantiles?: Record<string, string>;
    count?: string;
    sum?: string;
  }
  /** One metric family with its HELP text and upper-case TYPE. */
  export interface ParsedFamily {
    name: string;
    help: string;
    type: 'GAUGE' | 'COUNTER' | 'SUMMARY' | 'HISTOGRAM' | 'UNTYPED';
    metrics: ParsedMetric[];
  }
  /** Parses Prometheus text exposition; throws on a malformed line. */
  export default function parsePrometheusTextFormat(text: string): ParsedFamily[];
}

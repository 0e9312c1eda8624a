/**
 * The staged incident table as text, for the command line: one row per script and policy with
 * the window of each stage, the times from the fault, payments lost and the debt left.
 */
import type { IncidentStageRow } from '../../contracts';

/** A window, or a dash when the stage was not reached; `n/a` when it cannot be. */
function at(window: number | null, applicable = true): string {
  if (!applicable) return 'n/a';
  return window === null ? '–' : String(window);
}

/** A signed whole number of payments, e.g. `+120` or `−3,400`. */
export function signedPayments(value: number): string {
  const rounded = Math.round(value);
  const digits = Math.abs(rounded).toLocaleString('en-US');
  return rounded > 0 ? `+${digits}` : rounded < 0 ? `−${digits}` : '0';
}

/** The staged rows as an aligned text table with a heading line, ending in a newline. */
export function formatIncidentTable(rows: readonly IncidentStageRow[]): string {
  const header = [
    'script',
    'policy',
    'fault',
    'detect',
    'localise',
    'classify',
    'mitigate',
    'recover',
    'lost',
    'vs nothing',
    'vs oracle',
    'debt',
  ];
  const line = (r: IncidentStageRow): string[] => [
    r.scriptId,
    r.policy,
    `${r.faultStart}–${r.faultClear ?? 'end'}`,
    at(r.timeToDetect),
    at(r.localisedAt === null ? null : r.localisedAt - r.faultStart, r.localisable),
    at(r.classifiedAt === null ? null : r.classifiedAt - r.faultStart),
    at(r.timeToMitigate),
    at(r.timeToRecover, r.faultClear !== null),
    Math.round(r.paymentsLost).toLocaleString('en-US'),
    signedPayments(r.lostVsDoNothing),
    signedPayments(r.lostVsOracle),
    r.mitigationDebt.toFixed(2),
  ];
  const table = [header, ...rows.map(line)];
  const widths = header.map((_, c) => Math.max(...table.map((r) => r[c]!.length)));
  const render = (r: string[]) =>
    r
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join('  ')
      .trimEnd();
  const seeds = [...new Set(rows.map((r) => r.seed))].join(', ');
  return [
    '',
    `Incidents by stage (run seed ${seeds || '–'}): windows from the fault's start (recover: from its clear); – never reached; payments lost against the no-fault run`,
    '',
    render(header),
    ...rows.map((r) => render(line(r))),
    '',
  ].join('\n');
}

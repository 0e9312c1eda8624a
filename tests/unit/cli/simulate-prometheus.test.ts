import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONTROL_PLANE, HEALTHY_SCENARIO } from '../../../src/contracts';
import { renderPrometheus } from '../../../src/domain/exposition';
import { simulateWindow } from '../../../src/domain/simulation';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const CLI = join(process.cwd(), 'src', 'cli', 'simulate.ts');

function simulate(...args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(TSX, [CLI, ...args], { timeout: 60_000 }, (error, stdout) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout });
    });
  });
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The text without its timestamp family, which is the only part that depends on the clock. */
const withoutClock = (text: string) =>
  text
    .split('\n')
    .filter((line) => !line.includes('payment_lab_window_timestamp_seconds'))
    .join('\n');

describe('npm run simulate -- --prometheus', () => {
  it('prints both windows as Prometheus text, the same as the renderer, and writes no file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simulate-prom-'));
    dirs.push(dir);
    const run = await simulate(
      '--baseline',
      '--current',
      '--prometheus',
      '--degradation',
      '0.6',
      '--issuer',
      'visa',
      '--events',
      '4000',
      '--out',
      dir,
    );
    expect(run.code).toBe(0);
    expect(readdirSync(dir)).toEqual([]);
    const families = parsePrometheusTextFormat(run.stdout);
    const success = families.find((f) => f.name === 'payment_lab_success_ratio');
    expect(success?.type).toBe('GAUGE');
    const byWindow = new Map(success?.metrics.map((m) => [m.labels?.window, Number(m.value)]));
    expect(byWindow.get('baseline')).toBeGreaterThan(0.97);
    expect(byWindow.get('current')).toBeLessThan(byWindow.get('baseline')! - 0.05);
    expect(families.find((f) => f.name === 'payment_lab_agent_active_actions')?.metrics).toEqual([
      { value: '0' },
    ]);

    const scenario = {
      ...HEALTHY_SCENARIO,
      issuerHealth: { ...HEALTHY_SCENARIO.issuerHealth, visa: 0.6 },
      trafficVolume: 4000,
    };
    const expected = renderPrometheus({
      windows: [
        {
          window: 'baseline',
          snapshot: simulateWindow(
            { ...scenario, issuerHealth: HEALTHY_SCENARIO.issuerHealth },
            DEFAULT_CONTROL_PLANE,
            0,
          ),
        },
        { window: 'current', snapshot: simulateWindow(scenario, DEFAULT_CONTROL_PLANE, 0) },
      ],
      agent: { activeActions: 0, mitigationDebt: 0, decisionConfidence: null },
    });
    expect(withoutClock(run.stdout)).toBe(withoutClock(expected));
  });

  it('still refuses a bad flag beside it with the usage and code 2', async () => {
    const run = await simulate('--prometheus', '--seed', 'x');
    expect(run.code).toBe(2);
  });
});

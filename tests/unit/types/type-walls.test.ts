import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = process.cwd();

// Library files are parsed once and shared by every probe: parsing lib.*.d.ts dominates a check.
const parsed = new Map<string, ts.SourceFile | undefined>();

/** The compiler options of one of the repo's tsconfig files, as tsc reads them. */
function optionsOf(configFile: string): ts.CompilerOptions {
  const file = path.join(root, configFile);
  const read = ts.readConfigFile(file, (p) => ts.sys.readFile(p));
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  return ts.parseJsonConfigFileContent(read.config, ts.sys, root, undefined, file).options;
}

/**
 * Type-checks `code` as if it were the file `probePath` under the given tsconfig, with the
 * config's ambient files, and returns the error messages of the probe itself.
 */
function errorsOf(configFile: string, probePath: string, code: string, extra: string[] = []) {
  const options = optionsOf(configFile);
  const probe = path.join(root, probePath);
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (p) => (p === probe ? code : readFile(p));
  host.fileExists = (p) => p === probe || fileExists(p);
  host.getSourceFile = (p, language, ...rest) => {
    if (p === probe) return ts.createSourceFile(p, code, language, true);
    const key = `${p}|${JSON.stringify(language)}`;
    if (!parsed.has(key)) parsed.set(key, getSourceFile(p, language, ...rest));
    return parsed.get(key);
  };
  const program = ts.createProgram([probe, ...extra.map((f) => path.join(root, f))], options, host);
  const source = program.getSourceFile(probe);
  return ts
    .getPreEmitDiagnostics(program, source)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))
    .map((message) => message.replace(/ Do you need to change your target library\?.*$/, ''));
}

const DOM_PROBE = 'export const title = (): string => document.title;\n';
const PURE_GLOBALS = ['types/pure-globals.d.ts'];

describe('the domain type wall (tsconfig.domain.json)', () => {
  it('makes document, window and localStorage type errors in src/domain and src/contracts', () => {
    expect(
      errorsOf('tsconfig.domain.json', 'src/domain/probe.ts', DOM_PROBE, PURE_GLOBALS),
    ).toEqual(["Cannot find name 'document'."]);
    const more = errorsOf(
      'tsconfig.domain.json',
      'src/contracts/probe.ts',
      'export const a = (): unknown => [window.name, localStorage.length];\n',
      PURE_GLOBALS,
    );
    expect(more).toHaveLength(2);
    expect(more.join(' ')).toMatch(/window.*localStorage/);
  });

  it('leaves out console and timers as well: the domain logs and waits through its callers', () => {
    const errors = errorsOf(
      'tsconfig.domain.json',
      'src/domain/probe.ts',
      "export const f = (): void => { console.log('x'); setTimeout(() => 0, 1); };\n",
      PURE_GLOBALS,
    );
    expect(errors).toEqual(["Cannot find name 'console'.", "Cannot find name 'setTimeout'."]);
  });

  it('accepts pure code and the pure web globals it allows', () => {
    const pure = [
      'export const copy = <T>(x: T): T => structuredClone(x);',
      "export const query = (): string => new URLSearchParams('a=1').toString();",
      'export const sum = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0);',
      '',
    ].join('\n');
    expect(errorsOf('tsconfig.domain.json', 'src/domain/probe.ts', pure, PURE_GLOBALS)).toEqual([]);
  });

  it('is a wall only there: the app config still knows the DOM', () => {
    expect(errorsOf('tsconfig.json', 'src/services/probe.ts', DOM_PROBE)).toEqual([]);
  });
});

describe('the worker type wall (tsconfig.worker.json)', () => {
  it('knows the worker globals and not the DOM', () => {
    const worker = [
      'export const post = (): void => self.postMessage({ ready: true });',
      'export const scope = (): string => self.location.href;',
      '',
    ].join('\n');
    expect(errorsOf('tsconfig.worker.json', 'workers/probe.worker.ts', worker)).toEqual([]);
    expect(errorsOf('tsconfig.worker.json', 'workers/probe.worker.ts', DOM_PROBE)).toEqual([
      "Cannot find name 'document'.",
    ]);
  });
});

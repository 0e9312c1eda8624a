/** The --script and --batch modes of `npm run simulate`: check everything, then run and print. */
import {
  InputError,
  formatJsonLines,
  formatWindows,
  loadBatch,
  loadScriptRun,
  runBatch,
  runScriptRun,
} from './simulate-script';

/** The command-line options these modes read. */
export interface ScriptFlags {
  script: string | null;
  batch: string | null;
  json: boolean;
  seedGiven: number | undefined;
  start: number;
}

/** Runs --script or --batch; bad input prints its message on stderr and returns exit code 2. */
export function runScriptFlags(options: ScriptFlags): number {
  let output: string;
  try {
    if (options.batch !== null) {
      output = formatJsonLines(runBatch(loadBatch(options.batch), options.start));
    } else {
      const run = loadScriptRun(options.script!);
      const windows = runScriptRun(run, { seed: options.seedGiven, startTime: options.start });
      output = options.json ? formatJsonLines(windows) : formatWindows(windows);
    }
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    process.stderr.write(`simulate: ${error.message}\n`);
    return 2;
  }
  // A reader that stops early (`| head`) is not a failure of the run.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  process.stdout.write(`${output}\n`);
  return 0;
}

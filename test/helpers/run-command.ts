import { spawn } from 'node:child_process';

export interface CommandResult {
  /** The command line, for messages. */
  command: string;
  exitCode: number;
  /** Everything the command printed, stdout and stderr interleaved. */
  output: string;
}

export interface CommandOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** The command is killed (SIGKILL) after this long, so a hung install cannot outlive the test. */
  timeoutMs?: number;
}

const ESC = String.fromCharCode(27);
/** A redraw of the current line: carriage return, or the cursor sent to column 1. */
const REDRAW = new RegExp(`\r|${ESC}\\[1G`);
/** Colour and cursor codes. */
const ESCAPE_CODE = new RegExp(`${ESC}\\[[0-9;?]*[A-Za-z]`, 'g');

/**
 * What a terminal would show of `output`: a spinner that redraws its line leaves only its last
 * frame, and colour and cursor codes are dropped.
 */
export function asShown(output: string): string {
  return output
    .split(/\r?\n/)
    .map((line) => line.split(REDRAW).pop() ?? '')
    .join('\n')
    .replace(ESCAPE_CODE, '');
}

/** Runs a command to its end and collects what it printed. It never throws for a non-zero exit. */
export function runCommand(file: string, args: string[], options: CommandOptions): Promise<CommandResult> {
  const command = [file, ...args].join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: 'pipe' });
    child.stdin.end();
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timeoutMs = options.timeoutMs ?? 120_000;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`could not run ${command} in ${options.cwd}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) output += `\n[killed: still running after ${timeoutMs} ms]`;
      resolve({ command, exitCode: code ?? (signal ? 128 : 1), output: asShown(output) });
    });
  });
}

/** Runs a command and throws, with everything it printed, unless it exits 0. */
export async function runOrThrow(file: string, args: string[], options: CommandOptions): Promise<CommandResult> {
  const result = await runCommand(file, args, options);
  if (result.exitCode !== 0) {
    throw new Error(`\`${result.command}\` exited ${result.exitCode} in ${options.cwd}. Output:\n${result.output}`);
  }
  return result;
}

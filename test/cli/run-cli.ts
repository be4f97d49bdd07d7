/**
 * Runs the real CLI (`node bin/golem-ts.js`, which loads the compiled lib/) as a child process.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const bin = fileURLToPath(new URL('../../bin/golem-ts.js', import.meta.url));

/**
 * Compiles src → lib (`npm run prepare`) unless lib is newer than every source, so the CLI under
 * test is the current source. Test files run in parallel workers: a lock directory makes them
 * take turns, so no CLI starts while tsc is rewriting lib/. tsc emits even when another part of
 * the tree has type errors; those are not this test's concern.
 */
export async function compileLib(): Promise<void> {
  const lock = join(tmpdir(), `golem-ts-lib-${createHash('sha256').update(repoRoot).digest('hex').slice(0, 12)}.lock`);
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`could not take ${lock}; remove it if no test is running`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    if (libIsCurrent()) return;
    const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    await new Promise((resolve) => execFile(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: repoRoot }, resolve));
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function libIsCurrent(): boolean {
  const main = join(repoRoot, 'lib', 'cli', 'main.js');
  if (!existsSync(main)) return false;
  const built = statSync(main).mtimeMs;
  const newest = (dir: string): number =>
    Math.max(
      0,
      ...readdirSync(dir, { withFileTypes: true }).map((e) => {
        const path = join(dir, e.name);
        return e.isDirectory() ? newest(path) : statSync(path).mtimeMs;
      }),
    );
  return newest(join(repoRoot, 'src')) < built;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Environment without the caller's GOLEM_TS_* settings, plus `env`. */
function cliEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GOLEM_TS_')));
  return { ...clean, NO_COLOR: '1', ...env };
}

export function runCli(args: string[], env: Record<string, string> = {}, cwd = repoRoot): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd, env: cliEnv(env), timeout: 90_000 }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: unknown }).code as number | null) : 0;
      resolve({ code: typeof code === 'number' ? code : null, stdout, stderr });
    });
  });
}

/** Starts a long-running command and resolves once its stdout matches `ready`. */
export function startCli(args: string[], ready: RegExp, env: Record<string, string> = {}, timeoutMs = 30_000): Promise<{ child: ChildProcess; match: RegExpMatchArray; output: () => CliResult }> {
  const child = spawn(process.execPath, [bin, ...args], { cwd: repoRoot, env: cliEnv(env) });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const output = () => ({ code: child.exitCode, stdout, stderr });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${ready}; stderr: ${stderr}`)), timeoutMs);
    child.stdout.on('data', () => {
      const match = stdout.match(ready);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match, output });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before ${ready}; stderr: ${stderr}`));
    });
  });
}

export function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { planChromium, type ChromiumFacts } from './chromium-plan';

const isExecutable = (file: string): boolean => {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

const onPath = (command: string, env: NodeJS.ProcessEnv): boolean => (env.PATH ?? '').split(path.delimiter).some((dir) => dir !== '' && isExecutable(path.join(dir, command)));

/** This machine as `planChromium` needs it. */
export function chromiumFacts(env: NodeJS.ProcessEnv = process.env): ChromiumFacts {
  return {
    configuredPath: env.CHROMIUM_PATH?.trim() || null,
    installAllowed: env.CHROMIUM_INSTALL !== '0',
    isExecutable,
    isRoot: process.getuid?.() === 0,
    hasAptGet: onPath('apt-get', env),
  };
}

/** An error that prints as its one line: what to install, without a stack to dig through. */
export class ChromiumUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChromiumUnavailable';
    this.stack = `${this.name}: ${message}`;
  }
}

/** The Chromium to launch, without installing anything; throws what to install when there is none. */
export function chromiumPath(): string {
  const plan = planChromium(chromiumFacts());
  if (plan.action === 'use') return plan.path;
  throw new ChromiumUnavailable(plan.action === 'fail' ? plan.message : `No Chromium at ${plan.path}: ensureChromium() installs it (the e2e setup calls it), or run \`apt-get install chromium\`.`);
}

/** Runs one apt-get step; its output is kept back and only its last error line shown on failure. */
function aptGet(args: string[]): Promise<void> {
  // Another apt run (unattended upgrades, a parallel test run) holds the lock: wait for it, not fail.
  const fullArgs = ['-o', 'DPkg::Lock::Timeout=300', ...args];
  return new Promise((resolve, reject) => {
    const child = spawn('apt-get', fullArgs, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (err) => reject(new ChromiumUnavailable(`apt-get ${args.join(' ')} could not start (${err.message}): install chromium yourself, or set CHROMIUM_PATH.`)));
    child.on('close', (code) => {
      if (code === 0) return resolve();
      const last = stderr.trim().split('\n').filter((l) => l.trim() !== '').at(-1) ?? 'no output';
      reject(new ChromiumUnavailable(`apt-get ${args.join(' ')} failed (exit ${code}: ${last.trim()}): install chromium yourself (apt-get install chromium), or set CHROMIUM_PATH.`));
    });
  });
}

/**
 * Makes sure the browser tests have a Chromium, installing Debian's `chromium` (apt-get update,
 * then apt-get install -y chromium) when there is none and this process may; otherwise throws one
 * line saying what to install. Returns the binary's path.
 */
export async function ensureChromium(progress: (message: string) => void = (m) => console.log(`[dockwatch] ${m}`)): Promise<string> {
  const plan = planChromium(chromiumFacts());
  if (plan.action === 'use') return plan.path;
  if (plan.action === 'fail') throw new ChromiumUnavailable(plan.message);
  const started = Date.now();
  progress(`${plan.reason}: apt-get update…`);
  await aptGet(['update', '-qq']);
  progress('apt-get install -y chromium (a download of about 100 MB; a minute or two)…');
  await aptGet(['install', '-y', '-qq', 'chromium']);
  if (!isExecutable(plan.path)) throw new ChromiumUnavailable(`apt-get install chromium finished but ${plan.path} is not there: install a Chromium and set CHROMIUM_PATH to it.`);
  progress(`Chromium installed at ${plan.path} in ${Math.round((Date.now() - started) / 1000)} s; the browser tests use it from now on.`);
  return plan.path;
}

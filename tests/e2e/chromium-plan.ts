/** Where Debian's `chromium` package puts the browser, and where the browser tests look first. */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** Other usual places of a Chromium or Chrome binary, tried after Debian's. */
export const CHROMIUM_CANDIDATES = [DEBIAN_CHROMIUM, '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome'] as const;

/** What the browser-test setup knows about this machine. */
export interface ChromiumFacts {
  /** `CHROMIUM_PATH`, when set and not empty. */
  configuredPath: string | null;
  /** `CHROMIUM_INSTALL=0` forbids installing Chromium; anything else allows it. */
  installAllowed: boolean;
  /** Whether a path is an executable file. */
  isExecutable: (path: string) => boolean;
  /** Running as root (uid 0). */
  isRoot: boolean;
  /** `apt-get` is on this machine. */
  hasAptGet: boolean;
}

export type ChromiumPlan =
  | { action: 'use'; path: string }
  /** Install Debian's `chromium` with apt-get, then use `path`. `reason` says why, for the progress line. */
  | { action: 'install'; path: string; reason: string }
  /** `message` is one line saying what to install or set. */
  | { action: 'fail'; message: string };

const NOT_FOUND = `Browser tests need Chromium and found none (${CHROMIUM_CANDIDATES.join(', ')})`;

/**
 * Which Chromium the browser tests drive: `CHROMIUM_PATH` when set (and it must exist), else the
 * first of the usual places; when there is none, install Debian's `chromium` where this process
 * can (root with apt-get), otherwise fail with what to install. Never "skip the browser tests".
 */
export function planChromium(facts: ChromiumFacts): ChromiumPlan {
  if (facts.configuredPath !== null) {
    return facts.isExecutable(facts.configuredPath)
      ? { action: 'use', path: facts.configuredPath }
      : {
          action: 'fail',
          message: `CHROMIUM_PATH=${facts.configuredPath} is not an executable file: point it at a Chromium or Chrome binary, or unset it to use ${DEBIAN_CHROMIUM} (apt-get install chromium).`,
        };
  }
  const found = CHROMIUM_CANDIDATES.find((path) => facts.isExecutable(path));
  if (found !== undefined) return { action: 'use', path: found };
  if (!facts.hasAptGet) return { action: 'fail', message: `${NOT_FOUND}: install Chromium with this system's package manager and set CHROMIUM_PATH to its binary.` };
  if (!facts.isRoot) return { action: 'fail', message: `${NOT_FOUND}: install it with \`sudo apt-get install chromium\` (or run the tests as root, which installs it), or set CHROMIUM_PATH to a Chromium binary.` };
  if (!facts.installAllowed) return { action: 'fail', message: `${NOT_FOUND} and CHROMIUM_INSTALL=0 forbids installing it: run \`apt-get install chromium\`, or set CHROMIUM_PATH to a Chromium binary.` };
  return { action: 'install', path: DEBIAN_CHROMIUM, reason: `${NOT_FOUND}; installing Debian's chromium with apt-get (running as root)` };
}

import { describe, expect, it } from 'vitest';
import { DEBIAN_CHROMIUM, planChromium, type ChromiumFacts } from '../e2e/chromium-plan';

/** A machine with no Chromium, run as root with apt-get (a fresh Debian container), changed by `over`. */
const machine = (over: Partial<Omit<ChromiumFacts, 'isExecutable'>> & { executables?: string[] } = {}): ChromiumFacts => {
  const executables = new Set(over.executables ?? []);
  return { configuredPath: null, installAllowed: true, isRoot: true, hasAptGet: true, ...over, isExecutable: (p) => executables.has(p) };
};

describe('which Chromium the browser tests drive', () => {
  it("uses Debian's /usr/bin/chromium when it is there", () => {
    expect(planChromium(machine({ executables: [DEBIAN_CHROMIUM, '/usr/bin/google-chrome'] }))).toEqual({ action: 'use', path: DEBIAN_CHROMIUM });
  });

  it('uses another usual install when Debian\'s is missing', () => {
    expect(planChromium(machine({ executables: ['/usr/bin/chromium-browser'] }))).toEqual({ action: 'use', path: '/usr/bin/chromium-browser' });
  });

  it('uses CHROMIUM_PATH over the usual places, and fails at once when it points at nothing', () => {
    expect(planChromium(machine({ configuredPath: '/opt/chrome/chrome', executables: ['/opt/chrome/chrome', DEBIAN_CHROMIUM] }))).toEqual({ action: 'use', path: '/opt/chrome/chrome' });
    const plan = planChromium(machine({ configuredPath: '/nowhere/chromium', executables: [DEBIAN_CHROMIUM] }));
    expect(plan.action).toBe('fail');
    expect(plan.action === 'fail' && plan.message).toMatch(/^CHROMIUM_PATH=\/nowhere\/chromium is not an executable file/);
  });

  it("installs Debian's chromium when there is none and it runs as root with apt-get", () => {
    const plan = planChromium(machine());
    expect(plan).toMatchObject({ action: 'install', path: DEBIAN_CHROMIUM });
    expect(plan.action === 'install' && plan.reason).toMatch(/installing Debian's chromium with apt-get/);
  });

  it('fails with one line saying what to install where it may not install', () => {
    const message = (facts: ChromiumFacts) => {
      const plan = planChromium(facts);
      if (plan.action !== 'fail') throw new Error(`expected a failure, got ${plan.action}`);
      expect(plan.message).not.toContain('\n');
      return plan.message;
    };
    expect(message(machine({ isRoot: false }))).toMatch(/sudo apt-get install chromium.*CHROMIUM_PATH/);
    expect(message(machine({ hasAptGet: false }))).toMatch(/package manager and set CHROMIUM_PATH/);
    expect(message(machine({ installAllowed: false }))).toMatch(/CHROMIUM_INSTALL=0 forbids installing it: run `apt-get install chromium`/);
    // Not root and no apt: what to do is still said, never a silent skip.
    expect(message(machine({ isRoot: false, hasAptGet: false }))).toMatch(/found none \(\/usr\/bin\/chromium/);
  });
});

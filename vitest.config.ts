import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The JSON report lets .ci/run prove that the real-service suites ran and nothing was skipped.
    reporters: ['default', 'json'],
    outputFile: { json: 'tests/artifacts/vitest-report.json' },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/integration/global-setup.ts'],
          // expect.poll waits for what the server does next (a webhook worker's commit, say);
          // vitest's default of 1 s races that work on a loaded machine, so wait up to 10 s.
          expect: { poll: { timeout: 10_000 } },
          // A guard against hangs, not a speed check: the route matrix or a restart takes ~5 s
          // alone and over 30 s on a 2-core machine at a load of 15.
          testTimeout: 120_000,
          hookTimeout: 60_000,
          // Suites start servers and databases; running files one at a time keeps the 2-core
          // machine responsive and the real-service databases separate.
          fileParallelism: false,
        },
      },
      {
        test: {
          // Fault injection: a private PostgreSQL (and Redis) the suite starts on free ports, and
          // instances run as child processes, so outages never touch the shared services.
          name: 'faults',
          include: ['tests/faults/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 90_000,
          fileParallelism: false,
          // After the other projects: its timing bounds hold on an otherwise idle machine.
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/e2e/global-setup.ts'],
          // A page's first load or a live update can take seconds on a loaded 2-core machine.
          expect: { poll: { timeout: 15_000 } },
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

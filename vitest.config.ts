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
          testTimeout: 30_000,
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
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

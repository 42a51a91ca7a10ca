/** The four receiving windows placed around a journey's actual arrival A, in minutes from A. */
export const WINDOW_SCENARIOS = {
  early: { startMin: 20, endMin: 50 },
  onTime: { startMin: -15, endMin: 15 },
  late15: { startMin: -45, endMin: -15 },
  late60: { startMin: -90, endMin: -60 },
} as const;

export type ScenarioName = keyof typeof WINDOW_SCENARIOS;
export const SCENARIO_NAMES = Object.keys(WINDOW_SCENARIOS) as ScenarioName[];

/** Lead times (minutes before the actual arrival) at which ETAs are scored. */
export const LEAD_MINUTES = [120, 60, 30, 15] as const;

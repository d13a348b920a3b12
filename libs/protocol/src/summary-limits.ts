/**
 * The limits of a summary's time range (`since`/`until`): the clients show them, the server
 * enforces them. No zod here, so browser bundles can import the values.
 */
export const SUMMARY_RANGE_LIMITS = {
  /** The longest range one summary covers. */
  maxDays: 31,
  /** How far in the future `until` may lie (clocks on a LAN drift a little). */
  futureMarginSeconds: 300,
} as const;

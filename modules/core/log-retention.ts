/** Retention periods CloudWatch Logs accepts (PutRetentionPolicy); 0, "never expire", is left out on purpose. */
export const LOG_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

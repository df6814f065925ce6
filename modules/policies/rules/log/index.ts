export * from './log-001-retention';

export * from './rds-001-storage-encrypted';
export * from './rds-002-iam-authentication';
export * from './rds-003-log-exports';
export * from './rds-004-production-deletion-protection';
export * from './rds-005-production-backup-retention';

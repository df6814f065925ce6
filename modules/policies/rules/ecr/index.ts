export * from './ecr-001-immutable-tags';
export * from './ecr-002-scan-on-push';
export * from './ecr-003-kms-encryption';

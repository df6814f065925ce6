export * from './s3-001-public-access-block';
export * from './s3-002-default-encryption';
export * from './s3-003-tls-only';
export * from './s3-004-state-bucket-versioned';
export * from './s3-005-state-bucket-prevent-destroy';

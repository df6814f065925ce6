export * from './vpc-001-flow-log';
export * from './vpc-002-default-security-group-closed';

export * from './lt-001-imdsv2';
export * from './lt-002-hop-limit';
export * from './lt-003-encrypted-volumes';

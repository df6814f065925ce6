export * from './private-zone';
export * from './public-zone';
export * from './record-writer-role';
export * from './validation';
export * from './zone-reader-role';

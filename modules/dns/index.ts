export * from './private-zone';
export * from './public-zone';

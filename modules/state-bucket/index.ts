export * from './keys';
export * from './state-bucket';
export * from './validation';

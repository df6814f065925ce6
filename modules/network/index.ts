export * from './network';
export * from './subnet-layout';
export * from './validation';

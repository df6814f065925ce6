export * from './load-balancer';
export * from './validation';

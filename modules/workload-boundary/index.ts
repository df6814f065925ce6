export * from './workload-boundary';
export * from './workload-actions';

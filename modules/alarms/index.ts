export * from './alarm-topic';
export * from './database-alarms';
export * from './load-balancer-alarms';
export * from './service-alarms';
export * from './validation';

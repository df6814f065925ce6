import type { EnvironmentConfig } from './types';

export const prod: EnvironmentConfig = {
  name: 'prod',
  accountId: '444444444444',
  logRetentionDays: 365,
  network: {
    cidr: '10.30.0.0/16',
    availabilityZones: ['ap-northeast-1a', 'ap-northeast-1c', 'ap-northeast-1d'],
    nat: 'none',
  },
};

import type { EnvironmentConfig } from './types';

export const stg: EnvironmentConfig = {
  name: 'stg',
  accountId: '333333333333',
  logRetentionDays: 30,
  network: {
    cidr: '10.20.0.0/16',
    availabilityZones: ['ap-northeast-1a', 'ap-northeast-1c', 'ap-northeast-1d'],
    nat: 'none',
  },
};

import { Lazy, TerraformOutput } from 'cdktf';
import {
  Database,
  DatabaseProps,
  engineVersionProblems,
  parameterGroupFamily,
  serverlessV2Problems,
  windowProblems,
} from '../../modules/database';
import { parse, resources, synthConstruct } from '../helpers';

const AZS = ['ap-northeast-1a', 'ap-northeast-1c', 'ap-northeast-1d'];

const POSTGRES: DatabaseProps = {
  namePrefix: 'webapp-dev',
  vpcId: 'vpc-0123456789abcdef0',
  subnetIds: ['subnet-1', 'subnet-2', 'subnet-3'],
  availabilityZones: AZS,
  engine: 'aurora-postgresql',
  engineVersion: '16.6',
  databaseName: 'app',
  masterUsername: 'app_admin',
  minCapacityAcu: 0.5,
  maxCapacityAcu: 4,
  backupRetentionDays: 7,
  backupWindow: '17:00-17:30',
  maintenanceWindow: 'sun:18:00-sun:19:00',
  deletionProtection: true,
  preventDestroy: true,
};

const MYSQL: DatabaseProps = {
  ...POSTGRES,
  engine: 'aurora-mysql',
  engineVersion: '8.0.mysql_aurora.3.08.2',
  masterUsername: 'app_admin',
};

/** Synthesizes one Database and outputs of its token fields, so tests can read what they resolve to. */
function synth(props: DatabaseProps) {
  let database: Database | undefined;
  const json = synthConstruct((scope) => {
    database = new Database(scope, 'database', props);
    new TerraformOutput(scope, 'host-name', { value: database.hostName });
    new TerraformOutput(scope, 'secret-arn', { value: database.masterUserSecretArn });
    new TerraformOutput(scope, 'sg-id', { value: database.securityGroupId });
    new TerraformOutput(scope, 'kms-key-arn', { value: database.kmsKeyArn });
    new TerraformOutput(scope, 'writer-endpoint', { value: database.writerEndpoint });
    new TerraformOutput(scope, 'reader-endpoint', { value: database.readerEndpoint });
  });
  const one = (type: string) => {
    const all = resources(json, type);
    expect(all).toHaveLength(1);
    return all[0];
  };
  const address = (type: string) => `${type}.${Object.keys(parse(json).resource?.[type] ?? {})[0]}`;
  const output = (name: string) => parse(json).output?.[name]?.value;
  return { json, database: database!, one, address, output };
}

describe('Database', () => {
  test('creates a Serverless v2 cluster of db.serverless instances in provisioned mode', () => {
    // GIVEN / WHEN
    const { one, json } = synth(POSTGRES);

    // THEN
    const cluster = one('aws_rds_cluster');
    expect(cluster).toMatchObject({
      cluster_identifier: 'webapp-dev-aurora',
      engine: 'aurora-postgresql',
      engine_version: '16.6',
      engine_mode: 'provisioned',
      serverlessv2_scaling_configuration: { min_capacity: 0.5, max_capacity: 4 },
      database_name: 'app',
      master_username: 'app_admin',
      port: 5432,
    });
    expect(resources(json, 'aws_rds_cluster_instance').map((i) => i.instance_class)).toEqual([
      'db.serverless',
    ]);
  });

  test('lets RDS keep the master password: no password in the synthesized JSON', () => {
    // GIVEN / WHEN
    const { one, json, output, address } = synth(POSTGRES);

    // THEN
    expect(one('aws_rds_cluster').manage_master_user_password).toBe(true);
    expect(json).not.toMatch(/master_password/);
    expect(json).not.toMatch(/"password"/);
    expect(output('secret-arn')).toBe(`\${${address('aws_rds_cluster')}.master_user_secret[0].secret_arn}`);
  });

  test('encrypts storage and Performance Insights with its own rotating KMS key', () => {
    // GIVEN / WHEN
    const { one, json, address, output } = synth({ ...POSTGRES, minCapacityAcu: 2, readers: 1 });

    // THEN
    const keyArn = `\${${address('aws_kms_key')}.arn}`;
    expect(one('aws_kms_key')).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
    expect(one('aws_kms_alias')).toMatchObject({
      name: 'alias/webapp-dev-db',
      target_key_id: `\${${address('aws_kms_key')}.key_id}`,
    });
    expect(one('aws_rds_cluster')).toMatchObject({ storage_encrypted: true, kms_key_id: keyArn });
    const instances = resources(json, 'aws_rds_cluster_instance');
    expect(instances).toHaveLength(2);
    for (const instance of instances) {
      expect(instance).toMatchObject({
        performance_insights_enabled: true,
        performance_insights_kms_key_id: keyArn,
      });
    }
    expect(output('kms-key-arn')).toBe(keyArn);
  });

  describe('Performance Insights', () => {
    const insights = (props: DatabaseProps) =>
      resources(synth({ ...props, readers: 1 }).json, 'aws_rds_cluster_instance').map((i) => ({
        enabled: i.performance_insights_enabled,
        key: i.performance_insights_kms_key_id !== undefined,
      }));

    test.each([0.5, 1, 1.5])(
      'is off by default at minCapacityAcu %p, below the 2 ACUs AWS recommends',
      (acu) => {
        expect(insights({ ...POSTGRES, minCapacityAcu: acu })).toEqual([
          { enabled: false, key: false },
          { enabled: false, key: false },
        ]);
      },
    );

    test.each([2, 8])('is on by default at minCapacityAcu %p', (acu) => {
      expect(insights({ ...POSTGRES, minCapacityAcu: acu, maxCapacityAcu: 16 })).toEqual([
        { enabled: true, key: true },
        { enabled: true, key: true },
      ]);
    });

    test('can be turned off at any capacity', () => {
      expect(insights({ ...POSTGRES, minCapacityAcu: 4, performanceInsights: false })).toEqual([
        { enabled: false, key: false },
        { enabled: false, key: false },
      ]);
    });

    test('fails when asked for below 2 ACUs, saying why', () => {
      expect(() => synth({ ...POSTGRES, minCapacityAcu: 1.5, performanceInsights: true })).toThrow(
        'database.performanceInsights: true is refused with minCapacityAcu 1.5: AWS recommends at least 2 ACUs ' +
          'for Aurora Serverless v2 with Performance Insights, which takes memory of its own ' +
          '(accepted: false (the default below 2 ACUs), or minCapacityAcu 2 or more)',
      );
    });
  });

  test('turns on IAM authentication and copies tags to snapshots', () => {
    const { one } = synth(POSTGRES);
    expect(one('aws_rds_cluster')).toMatchObject({
      iam_database_authentication_enabled: true,
      copy_tags_to_snapshot: true,
    });
  });

  test.each([
    [POSTGRES, ['postgresql'], 5432],
    [MYSQL, ['audit', 'error', 'slowquery'], 3306],
  ])('exports the logs and uses the port of %s.engine', (props, logs, port) => {
    // GIVEN / WHEN
    const { one, database } = synth(props);

    // THEN
    expect(one('aws_rds_cluster').enabled_cloudwatch_logs_exports).toEqual(logs);
    expect(one('aws_rds_cluster').port).toBe(port);
    expect(database.port).toBe(port);
  });

  describe('log groups of the exported logs', () => {
    test.each([
      ['aurora-postgresql', POSTGRES, ['postgresql']],
      ['aurora-mysql', MYSQL, ['audit', 'error', 'slowquery']],
    ])(
      '%s: creates the group RDS writes each exported log into, expiring after logRetentionDays',
      (_engine, props, logs) => {
        // GIVEN / WHEN
        const { json, one } = synth({ ...props, logRetentionDays: 30 });

        // THEN
        const groups = resources(json, 'aws_cloudwatch_log_group');
        expect(one('aws_rds_cluster').enabled_cloudwatch_logs_exports).toEqual(logs);
        expect(groups.map((g) => g.name).sort()).toEqual(
          logs.map((log) => `/aws/rds/cluster/webapp-dev-aurora/${log}`).sort(),
        );
        for (const group of groups) expect(group.retention_in_days).toBe(30);
      },
    );

    test('exist before the cluster, so that RDS does not create them without retention', () => {
      // GIVEN / WHEN
      const { json, one } = synth(MYSQL);

      // THEN
      const groups = Object.keys(parse(json).resource!.aws_cloudwatch_log_group);
      expect([...(one('aws_rds_cluster').depends_on as string[])].sort()).toEqual(
        groups.map((name) => `aws_cloudwatch_log_group.${name}`).sort(),
      );
    });

    test('keep logs 90 days unless told otherwise', () => {
      const { json } = synth(MYSQL);
      const groups = resources(json, 'aws_cloudwatch_log_group');
      expect(groups.map((g) => g.retention_in_days)).toEqual([90, 90, 90]);
    });

    test.each([true, false])("share the cluster's prevent_destroy (%p)", (flag) => {
      const { json } = synth({ ...MYSQL, deletionProtection: flag, preventDestroy: flag });
      const groups = resources(json, 'aws_cloudwatch_log_group');
      expect(groups.map((g) => g.lifecycle)).toEqual(Array(3).fill({ prevent_destroy: flag }));
    });

    test('fails when logRetentionDays is not a period CloudWatch Logs accepts', () => {
      expect(() => synth({ ...MYSQL, logRetentionDays: 0 })).toThrow(
        'database.logRetentionDays: 0 is not a retention period CloudWatch Logs accepts (accepted: 1, 3, 5, 7, 14, 30,',
      );
    });
  });

  test.each([
    [POSTGRES, 'aurora-postgresql16'],
    [{ ...POSTGRES, engineVersion: '13.15' }, 'aurora-postgresql13'],
    [MYSQL, 'aurora-mysql8.0'],
  ])('derives the parameter group family from engine and version (%#)', (props, family) => {
    // GIVEN
    const withParameters = { ...props, parameters: { max_connections: '200' } };

    // WHEN
    const { one, address } = synth(withParameters);

    // THEN
    const group = one('aws_rds_cluster_parameter_group');
    expect(group).toMatchObject({
      family,
      name_prefix: 'webapp-dev-',
      parameter: [{ name: 'max_connections', value: '200', apply_method: 'pending-reboot' }],
      lifecycle: { create_before_destroy: true },
    });
    expect(one('aws_rds_cluster').db_cluster_parameter_group_name).toBe(
      `\${${address('aws_rds_cluster_parameter_group')}.name}`,
    );
  });

  test('keeps the backup and maintenance settings of the props', () => {
    const { one } = synth({ ...POSTGRES, applyImmediately: true });
    expect(one('aws_rds_cluster')).toMatchObject({
      backup_retention_period: 7,
      preferred_backup_window: '17:00-17:30',
      preferred_maintenance_window: 'sun:18:00-sun:19:00',
      apply_immediately: true,
    });
    expect(one('aws_rds_cluster_instance')).toMatchObject({ apply_immediately: true });
  });

  test('applies changes in the maintenance window by default', () => {
    const { one } = synth(POSTGRES);
    expect(one('aws_rds_cluster').apply_immediately).toBe(false);
    expect(one('aws_rds_cluster_instance').apply_immediately).toBe(false);
  });

  test.each([true, false])('deletion protection and prevent_destroy follow the props (%p)', (flag) => {
    // GIVEN / WHEN
    const { one } = synth({ ...POSTGRES, deletionProtection: flag, preventDestroy: flag });

    // THEN
    const cluster = one('aws_rds_cluster');
    expect(cluster.deletion_protection).toBe(flag);
    expect(cluster.lifecycle).toMatchObject({ prevent_destroy: flag });
    expect(one('aws_kms_key').lifecycle).toMatchObject({ prevent_destroy: flag });
  });

  test('always takes a final snapshot with a stable name', () => {
    const { one } = synth({ ...POSTGRES, deletionProtection: false, preventDestroy: false });
    expect(one('aws_rds_cluster')).toMatchObject({
      skip_final_snapshot: false,
      final_snapshot_identifier: 'webapp-dev-final',
    });
  });

  test('ignores engine_version drift left by automatic minor upgrades', () => {
    // GIVEN / WHEN
    const { one, json, address } = synth({ ...POSTGRES, readers: 1 });

    // THEN
    expect(one('aws_rds_cluster').lifecycle).toMatchObject({ ignore_changes: ['engine_version'] });
    for (const instance of resources(json, 'aws_rds_cluster_instance')) {
      expect(instance).toMatchObject({
        auto_minor_version_upgrade: true,
        engine: `\${${address('aws_rds_cluster')}.engine}`,
        engine_version: `\${${address('aws_rds_cluster')}.engine_version}`,
      });
    }
  });

  test('puts the writer in the first AZ and readers round robin in the others', () => {
    // GIVEN / WHEN
    const { json } = synth({ ...POSTGRES, readers: 3 });

    // THEN
    const instances = resources(json, 'aws_rds_cluster_instance')
      .map((i) => ({ identifier: i.identifier as string, az: i.availability_zone, tier: i.promotion_tier }))
      .sort((a, b) => a.identifier.localeCompare(b.identifier));
    expect(instances).toEqual([
      { identifier: 'webapp-dev-aurora-reader-1', az: AZS[1], tier: 1 },
      { identifier: 'webapp-dev-aurora-reader-2', az: AZS[2], tier: 1 },
      { identifier: 'webapp-dev-aurora-reader-3', az: AZS[1], tier: 1 },
      { identifier: 'webapp-dev-aurora-writer', az: AZS[0], tier: 0 },
    ]);
  });

  test('has no readers by default', () => {
    const { json } = synth(POSTGRES);
    expect(resources(json, 'aws_rds_cluster_instance')).toHaveLength(1);
  });

  test('places the cluster in its own subnet group and a security group without rules', () => {
    // GIVEN / WHEN
    const { one, json, address, output } = synth(POSTGRES);

    // THEN
    expect(one('aws_db_subnet_group').subnet_ids).toEqual(['subnet-1', 'subnet-2', 'subnet-3']);
    const sg = one('aws_security_group');
    expect(sg.vpc_id).toBe('vpc-0123456789abcdef0');
    expect(sg).not.toHaveProperty('ingress');
    expect(sg).not.toHaveProperty('egress');
    for (const ruleType of [
      'aws_security_group_rule',
      'aws_vpc_security_group_ingress_rule',
      'aws_vpc_security_group_egress_rule',
    ]) {
      expect(resources(json, ruleType)).toHaveLength(0);
    }
    expect(one('aws_rds_cluster')).toMatchObject({
      vpc_security_group_ids: [`\${${address('aws_security_group')}.id}`],
      db_subnet_group_name: `\${${address('aws_db_subnet_group')}.name}`,
    });
    expect(output('sg-id')).toBe(`\${${address('aws_security_group')}.id}`);
  });

  test('points a private CNAME at the writer endpoint and exposes it as hostName', () => {
    // GIVEN
    const props = { ...POSTGRES, privateZone: { zoneId: 'Z0PRIVATE', recordName: 'db.dev.internal' } };

    // WHEN
    const { one, address, output, database } = synth(props);

    // THEN
    expect(one('aws_route53_record')).toMatchObject({
      zone_id: 'Z0PRIVATE',
      name: 'db.dev.internal',
      type: 'CNAME',
      ttl: 60,
      records: [`\${${address('aws_rds_cluster')}.endpoint}`],
    });
    expect(database.hostName).toBe('db.dev.internal');
    expect(output('host-name')).toBe('db.dev.internal');
  });

  test('without a private zone: no record, hostName is the writer endpoint', () => {
    const { json, address, output } = synth(POSTGRES);
    expect(resources(json, 'aws_route53_record')).toHaveLength(0);
    expect(output('host-name')).toBe(`\${${address('aws_rds_cluster')}.endpoint}`);
    expect(output('writer-endpoint')).toBe(`\${${address('aws_rds_cluster')}.endpoint}`);
    expect(output('reader-endpoint')).toBe(`\${${address('aws_rds_cluster')}.reader_endpoint}`);
  });

  test('exposes the literal facts clients need', () => {
    const { database } = synth(POSTGRES);
    expect(database.masterUsername).toBe('app_admin');
    expect(database.databaseName).toBe('app');
  });

  test('accepts tokens where values are only known at apply time', () => {
    expect(() =>
      synth({
        ...POSTGRES,
        subnetIds: Lazy.listValue({ produce: () => ['subnet-1'] }),
        maxCapacityAcu: Lazy.numberValue({ produce: () => 0.25 }),
        databaseName: Lazy.stringValue({ produce: () => '1-not-checked' }),
      }),
    ).not.toThrow();
  });

  describe('validation', () => {
    const fails = (props: Partial<DatabaseProps>, message: string) =>
      expect(() => synth({ ...POSTGRES, ...props })).toThrow(message);

    test('fails when the capacity is below 0.5 ACU, including 0 (auto-pause)', () => {
      fails(
        { minCapacityAcu: 0 },
        'database.minCapacityAcu: 0 would let the cluster auto-pause (the first connection waits for it to resume) (accepted: 0.5 to 256 ACU in steps of 0.5)',
      );
      fails(
        { minCapacityAcu: 0.25 },
        'database.minCapacityAcu: 0.25 is not a Serverless v2 capacity (accepted: 0.5 to 256 ACU in steps of 0.5)',
      );
    });

    test('fails when a capacity is not a multiple of 0.5', () => {
      fails({ minCapacityAcu: 1.2 }, 'database.minCapacityAcu: 1.2 is not a Serverless v2 capacity');
      fails({ maxCapacityAcu: 4.75 }, 'database.maxCapacityAcu: 4.75 is not a Serverless v2 capacity');
    });

    test('fails when the maximum is out of range or below the minimum', () => {
      fails(
        { minCapacityAcu: 0.5, maxCapacityAcu: 0.5 },
        'database.maxCapacityAcu: 0.5 is not a Serverless v2 capacity (accepted: 1 to 256 ACU in steps of 0.5)',
      );
      fails({ maxCapacityAcu: 300 }, 'database.maxCapacityAcu: 300 is not a Serverless v2 capacity');
      fails({ minCapacityAcu: 8, maxCapacityAcu: 4 }, 'database.minCapacityAcu: 8 is above maxCapacityAcu 4');
    });

    test('fails when the version does not belong to the engine', () => {
      fails(
        { engineVersion: '8.0.mysql_aurora.3.08.2' },
        'database.engineVersion: "8.0.mysql_aurora.3.08.2" is not an Aurora PostgreSQL version',
      );
      fails(
        { engine: 'aurora-mysql', engineVersion: '16.6' },
        'database.engineVersion: "16.6" is not an Aurora MySQL 3 version',
      );
      fails({ engineVersion: '12.9' }, 'database.engineVersion: "12.9" is older than Aurora PostgreSQL 13');
    });

    test('fails when the engine is unknown', () => {
      fails(
        { engine: 'mysql' as DatabaseProps['engine'] },
        'database.engine: "mysql" is not a supported engine (accepted: "aurora-mysql", "aurora-postgresql")',
      );
    });

    test('fails when the version is a token (the family is needed at synth time)', () => {
      fails(
        { engineVersion: Lazy.stringValue({ produce: () => '16.6' }) },
        'database.engineVersion: "<token>" is a token',
      );
    });

    test('fails when the AZs are not three distinct names', () => {
      fails(
        { availabilityZones: AZS.slice(0, 2) },
        `database.availabilityZones: ${JSON.stringify(AZS.slice(0, 2))} is not 3 distinct zones`,
      );
      fails(
        { availabilityZones: [AZS[0], AZS[0], AZS[1]] },
        'is not 3 distinct zones (accepted: exactly 3 distinct AZ names)',
      );
    });

    test('fails when fewer than two subnets are given', () => {
      fails({ subnetIds: ['subnet-1'] }, 'database.subnetIds: ["subnet-1"] has fewer than 2 subnets');
    });

    test('fails when the name prefix cannot build RDS identifiers', () => {
      for (const namePrefix of ['Webapp-Dev', 'webapp--dev', 'webapp-', 'w'.repeat(41)]) {
        fails(
          { namePrefix },
          `database.namePrefix: "${namePrefix}" is not usable in RDS identifiers (accepted: 2-40`,
        );
      }
    });

    test('fails when the database or user name is not an identifier of the engine', () => {
      fails({ databaseName: '1app' }, 'database.databaseName: "1app" is not an aurora-postgresql identifier');
      fails(
        { databaseName: 'my-app' },
        'database.databaseName: "my-app" is not an aurora-postgresql identifier',
      );
      fails(
        { ...MYSQL, masterUsername: 'a'.repeat(17) },
        `database.masterUsername: "${'a'.repeat(17)}" is not an aurora-mysql identifier (accepted: a letter followed by letters, digits or "_", at most 16 characters)`,
      );
      fails({ masterUsername: 'rdsadmin' }, 'database.masterUsername: "rdsadmin" is reserved by RDS');
      fails(
        { masterUsername: 'admin' },
        'database.masterUsername: "admin" is a default administrator name (Security Hub RDS.24)',
      );
    });

    test('fails when readers are out of range', () => {
      for (const readers of [-1, 16, 1.5]) {
        fails({ readers }, `database.readers: ${readers} is not a whole number from 0 to 15`);
      }
    });

    test('fails when readers is a token (instances are created at synth time)', () => {
      fails(
        { readers: Lazy.numberValue({ produce: () => 1 }) },
        'database.readers: "<token>" is a token (accepted: a literal count',
      );
    });

    test('fails when the backup retention is out of range', () => {
      fails(
        { backupRetentionDays: 0 },
        'database.backupRetentionDays: 0 is not a whole number from 1 to 35 (days Aurora keeps backups)',
      );
      fails(
        { backupRetentionDays: 36 },
        'database.backupRetentionDays: 36 is not a whole number from 1 to 35',
      );
    });

    test('fails when a window is malformed, short or overlapping', () => {
      fails(
        { backupWindow: '5:00-6:00' },
        'database.backupWindow: "5:00-6:00" is not hh24:mi-hh24:mi in UTC',
      );
      fails(
        { backupWindow: '05:00-05:10' },
        'database.backupWindow: "05:00-05:10" is too short (accepted: at least 30 minutes)',
      );
      fails(
        { maintenanceWindow: 'Sun:18:00-Sun:19:00' },
        'database.maintenanceWindow: "Sun:18:00-Sun:19:00" is not ddd:hh24:mi-ddd:hh24:mi',
      );
      fails(
        { maintenanceWindow: 'sun:17:15-sun:18:00' },
        'database.maintenanceWindow: "sun:17:15-sun:18:00" overlaps backupWindow "17:00-17:30"',
      );
    });

    test('fails when a parameter name is not one', () => {
      fails(
        { parameters: { 'max connections': '1' } },
        'database.parameters.max connections: "max connections" is not a parameter name',
      );
    });

    test('fails when the record name is not a DNS name', () => {
      fails(
        { privateZone: { zoneId: 'Z1', recordName: 'db dev' } },
        'database.privateZone.recordName: "db dev" is not a DNS name',
      );
    });

    test('reports every problem at once, one line each', () => {
      expect(() => synth({ ...POSTGRES, readers: 99, backupRetentionDays: 99 })).toThrow(
        /2 problem\(s\):\n {2}- \S*database\.readers: 99 [^\n]*\n {2}- \S*database\.backupRetentionDays: 99 /,
      );
    });
  });
});

describe('database validation helpers', () => {
  test('serverlessV2Problems accepts the documented range', () => {
    expect(serverlessV2Problems(0.5, 1)).toEqual([]);
    expect(serverlessV2Problems(0.5, 256)).toEqual([]);
    expect(serverlessV2Problems(256, 256)).toEqual([]);
    expect(serverlessV2Problems(Lazy.numberValue({ produce: () => 0 }), 4)).toEqual([]);
  });

  test('serverlessV2Problems names each field that is wrong', () => {
    expect(serverlessV2Problems(0, 0.5).map((p) => [p.path, p.value])).toEqual([
      ['minCapacityAcu', 0],
      ['maxCapacityAcu', 0.5],
    ]);
    expect(serverlessV2Problems(Number.NaN, 4).map((p) => p.path)).toEqual(['minCapacityAcu']);
  });

  test('engineVersionProblems accepts the two version shapes', () => {
    expect(engineVersionProblems('aurora-mysql', '8.0.mysql_aurora.3.08.2')).toEqual([]);
    expect(engineVersionProblems('aurora-postgresql', '16.6')).toEqual([]);
    expect(engineVersionProblems('aurora-postgresql', '17.4')).toEqual([]);
    expect(engineVersionProblems('aurora-mysql', '5.7.mysql_aurora.2.11.2')).toEqual([
      expect.objectContaining({ path: 'engineVersion', problem: 'is not an Aurora MySQL 3 version' }),
    ]);
    expect(engineVersionProblems('aurora-postgresql', '16')).toEqual([
      expect.objectContaining({ accepted: '<major>.<minor> from 13 on, for example 16.6' }),
    ]);
  });

  test('parameterGroupFamily follows the major version', () => {
    expect(parameterGroupFamily('aurora-postgresql', '15.10')).toBe('aurora-postgresql15');
    expect(parameterGroupFamily('aurora-mysql', '8.0.mysql_aurora.3.05.2')).toBe('aurora-mysql8.0');
  });

  test('windowProblems sees overlaps across midnight and the end of the week', () => {
    expect(windowProblems('23:45-00:15', 'mon:00:00-mon:01:00')).toEqual([
      expect.objectContaining({ problem: 'overlaps backupWindow "23:45-00:15"' }),
    ]);
    expect(windowProblems('00:00-00:30', 'sun:23:30-mon:00:15')).toEqual([
      expect.objectContaining({ problem: expect.stringMatching(/^overlaps/) }),
    ]);
    expect(windowProblems('23:45-00:15', 'mon:00:15-mon:01:00')).toEqual([]);
    expect(windowProblems('03:00-03:30', 'sun:18:00-sun:19:00')).toEqual([]);
  });
});

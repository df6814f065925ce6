import { environments, project } from '../../envs';
import { accountsOf, administratorStackId } from '../../envs/derive';
import { synthApp } from './app-fixture';

/** All resources of a type in one synthesized stack. */
const all = (stack: { resource?: Record<string, Record<string, Record<string, any>>> }, type: string) =>
  Object.values(stack.resource?.[type] ?? {});

describe('environment and service stacks, as synthesized', () => {
  const stacks = synthApp();
  const zoneStack = administratorStackId(project.sharedAccountId);

  test('there is one stack per environment and one per service in it', () => {
    const expected = environments.flatMap((env) => [
      env.name,
      ...Object.keys(env.services).map((s) => `${env.name}-${s}`),
    ]);
    const administrators = accountsOf(project, environments).map(administratorStackId);
    expect(Object.keys(stacks).sort()).toEqual([...expected, ...administrators, 'shared', 'state'].sort());
  });

  test.each(environments.map((env) => [env.name, env.domain]))(
    "%s: certificate for %s and its wildcard, validated in the public zone read through the remote state of the shared account's administrator stack",
    (id, domain) => {
      const [cert] = all(stacks[id], 'aws_acm_certificate');
      expect(cert.domain_name).toBe(domain);
      expect(cert.subject_alternative_names).toEqual([`*.${domain}`]);
      const [records] = all(stacks[id], 'aws_route53_record').filter((r) => r.for_each);
      expect(records.zone_id).toMatch(
        new RegExp(
          `^\\$\\{data\\.terraform_remote_state\\.cross-stack-reference-input-${zoneStack}\\.outputs\\.`,
        ),
      );
    },
  );

  test("records in the shared zone are written through the environment's role in the shared account", () => {
    const dns = stacks.dev.provider!.aws.find((p) => p.alias === 'dns')!;
    expect(dns.allowed_account_ids).toEqual([project.sharedAccountId]);
    // The role is a variable: plans give the zone reader, applies (and the default) the writer.
    expect((dns.assume_role as { role_arn: string }[])[0].role_arn).toBe('${var.dns_role_arn}');
    expect(stacks.dev.variable?.dns_role_arn).toMatchObject({
      default: `arn:aws:iam::${project.sharedAccountId}:role/delivery/webapp-dev-dns-records`,
      ephemeral: true,
    });
    const inSharedZone = all(stacks.dev, 'aws_route53_record').filter((r) =>
      String(r.zone_id).includes(`cross-stack-reference-input-${zoneStack}`),
    );
    expect(inSharedZone.length).toBeGreaterThanOrEqual(2); // validation records and the alias
    for (const record of inSharedZone) expect(record.provider).toBe('aws.dns');
    // (the shared account's other roles are GitHub Actions', tested in delivery.test.ts)
    const roles = all(stacks[zoneStack], 'aws_iam_role')
      .map((r) => String(r.name))
      .filter((name) => name.endsWith('-dns-records'))
      .sort();
    expect(roles).toEqual(environments.map((e) => `webapp-${e.name}-dns-records`).sort());
  });

  test("the state bucket lets each environment account reach its own account's states only", () => {
    const [policy] = Object.values(stacks.state.data!.aws_iam_policy_document) as { statement: any[] }[];
    const readWrite = policy.statement.find((s) => s.sid === 'AccountsReadWriteOwnKeys')!;
    const others = [...new Set(environments.map((e) => e.accountId))].filter(
      (a) => a !== project.sharedAccountId,
    );
    expect(
      readWrite.principals[0].identifiers.map((p: string) => p.replace(/^.*:iam::(\d+):root$/, '$1')),
    ).toEqual(others);
    expect(readWrite.resources.map((r: string) => r.replace(/^\$\{[^}]*\}\//, ''))).toEqual([
      `${project.name}/&{aws:PrincipalAccount}/*`,
    ]);
    // ... which is where every stack of an environment keeps its state.
    for (const env of environments) {
      expect(stacks[env.name].terraform!.backend).toMatchObject({
        s3: { key: `${project.name}/${env.accountId}/${env.name}.tfstate` },
      });
    }
  });

  test('prod is public, dev and stg admit only the configured ranges', () => {
    const sources = (id: string) =>
      all(stacks[id], 'aws_vpc_security_group_ingress_rule')
        .filter((r) => /load-balancer/.test(r.security_group_id) && [80, 443].includes(r.from_port))
        .map((r) => r.cidr_ipv4);
    expect(new Set(sources('prod'))).toEqual(new Set(['0.0.0.0/0']));
    expect(new Set(sources('dev'))).toEqual(
      new Set(environments.find((e) => e.name === 'dev')!.loadBalancer.ingressCidrs),
    );
  });

  /** The rules the catalogue asks for in an environment: ALB -> public services, clients -> internal ones, users -> database. */
  function expectedFirewall(envName: string) {
    const env = environments.find((e) => e.name === envName)!;
    const dbPort = all(stacks[envName], 'aws_rds_cluster')[0].port as number;
    const services = Object.keys(env.services).map((name) => ({ name, ...project.services[name] }));
    const calls = (from: string) =>
      services.filter((s) => s.exposure === 'internal' && s.clients?.includes(from));
    return {
      ingress: [
        ...services.filter((s) => s.exposure === 'public').map((s) => `from alb on ${s.port}`),
        ...services.flatMap((s) => calls(s.name).map((target) => `from ${s.name} on ${target.port}`)),
        ...services.filter((s) => s.usesDatabase).map((s) => `from ${s.name} on ${dbPort}`),
      ].sort(),
      serviceEgress: services
        .flatMap((s) => [
          'AWS APIs through interface endpoints',
          'S3 gateway endpoint (ECR image layers)',
          ...calls(s.name).map((target) => `to ${target.name} on ${target.port}`),
          ...(s.usesDatabase ? [`to database on ${dbPort}`] : []),
        ])
        .sort(),
      services: services.map((s) => s.name),
    };
  }

  test.each(environments.map((e) => e.name))(
    '%s: the east-west firewall holds the rules the catalogue asks for, nothing else',
    (envName) => {
      const ingress = all(stacks[envName], 'aws_vpc_security_group_ingress_rule')
        .filter((r) => r.referenced_security_group_id)
        .map((r) => r.description)
        .sort();
      expect(ingress).toEqual(expectedFirewall(envName).ingress);
    },
  );

  test.each(environments.map((e) => e.name))(
    "%s egress: no rule reaches beyond the VPC and S3; services reach AWS APIs through the endpoints' group",
    (envName) => {
      const egress = all(stacks[envName], 'aws_vpc_security_group_egress_rule');
      const vpcCidr = environments.find((e) => e.name === envName)!.network.cidr;
      expect(egress.filter((r) => r.cidr_ipv4 !== undefined && r.cidr_ipv4 !== vpcCidr)).toEqual([]);
      const expected = expectedFirewall(envName);
      const fromServices = egress.filter((r) =>
        expected.services.some((name) => r.security_group_id.includes(`service-security-groups_${name}_`)),
      );
      expect(fromServices.map((r) => r.description).sort()).toEqual(expected.serviceEgress);
    },
  );

  test('EC2 capacity exists where a service runs on EC2', () => {
    expect(all(stacks.dev, 'aws_ecs_capacity_provider')).toHaveLength(1);
    expect(all(stacks.dev, 'aws_autoscaling_group')).toHaveLength(1);
  });

  test.each([
    ['dev', false],
    ['prod', true],
  ])('%s: database protection follows protectData (%s)', (id, protect) => {
    const [cluster] = all(stacks[id], 'aws_rds_cluster');
    expect(cluster.deletion_protection).toBe(protect);
    expect(cluster.lifecycle.prevent_destroy).toBe(protect);
    expect(cluster.manage_master_user_password).toBe(true);
    expect(cluster.skip_final_snapshot).toBe(false);
  });

  test('prod keeps ALB access logs in a bucket that refuses destroy', () => {
    const [alb] = all(stacks.prod, 'aws_lb');
    expect(alb.access_logs).toMatchObject({ enabled: true });
    expect(alb.enable_deletion_protection).toBe(true);
    const buckets = all(stacks.prod, 'aws_s3_bucket');
    expect(buckets).toEqual([expect.objectContaining({ lifecycle: { prevent_destroy: true } })]);
    expect(all(stacks.dev, 'aws_s3_bucket')).toEqual([]);
  });

  test.each(environments.map((env) => [env.name, env.logRetentionDays, env.protectData]))(
    '%s: every log the database exports goes to a group that expires it after logRetentionDays (%p)',
    (id, days, protectData) => {
      const [cluster] = all(stacks[id], 'aws_rds_cluster');
      const groups = all(stacks[id], 'aws_cloudwatch_log_group').filter((g) =>
        String(g.name).startsWith('/aws/rds/cluster/'),
      );
      expect(groups.map((g) => g.name).sort()).toEqual(
        cluster.enabled_cloudwatch_logs_exports
          .map((log: string) => `/aws/rds/cluster/${cluster.cluster_identifier}/${log}`)
          .sort(),
      );
      for (const group of groups) {
        expect(group).toMatchObject({ retention_in_days: days, lifecycle: { prevent_destroy: protectData } });
      }
    },
  );

  test.each(
    environments.map((env) => [env.name, env.database.minCapacityAcu, env.database.performanceInsights]),
  )(
    '%s: Performance Insights only where AWS recommends it, at 2 ACUs or more (minCapacityAcu %p, asked %p)',
    (id, minCapacityAcu, asked) => {
      const instances = all(stacks[id], 'aws_rds_cluster_instance');
      expect(instances.length).toBeGreaterThan(0);
      for (const instance of instances) {
        expect(instance.performance_insights_enabled).toBe(asked ?? minCapacityAcu >= 2);
      }
    },
  );

  test('DB facts and service settings are SSM parameters under /<project>/<env>', () => {
    const names = all(stacks.stg, 'aws_ssm_parameter')
      .map((p) => `${p.name}:${p.type}`)
      .sort();
    expect(names).toEqual([
      '/webapp/stg/backend/feature-flags:String',
      '/webapp/stg/backend/payment-api-key:SecureString',
      '/webapp/stg/db/host:String',
      '/webapp/stg/db/master-secret-arn:String',
      '/webapp/stg/db/name:String',
      '/webapp/stg/db/port:String',
      '/webapp/stg/db/username:String',
    ]);
  });

  test('alarms: one encrypted topic per environment, ALB and database alarms on it, ECS events forwarded', () => {
    const [topic] = all(stacks.prod, 'aws_sns_topic');
    expect(topic.kms_master_key_id).toMatch(/aws_kms_key\./);
    expect(
      all(stacks.prod, 'aws_sns_topic_subscription')
        .map((s) => s.endpoint)
        .sort(),
    ).toEqual([...environments.find((e) => e.name === 'prod')!.alarms.emails].sort());
    const metrics = all(stacks.prod, 'aws_cloudwatch_metric_alarm')
      .map((a) => a.metric_name)
      .sort();
    expect(metrics).toEqual([
      'CPUUtilization',
      'DatabaseConnections',
      'FreeableMemory',
      'HTTPCode_ELB_5XX_Count',
      'HTTPCode_Target_5XX_Count',
    ]);
    expect(all(stacks.prod, 'aws_cloudwatch_event_rule').length).toBeGreaterThan(0);
  });

  test('service alarms go to the environment topic; target-group alarms only behind the ALB', () => {
    const names = (id: string) =>
      all(stacks[id], 'aws_cloudwatch_metric_alarm')
        .map((a) => a.alarm_name)
        .sort();
    expect(names('prod-frontend')).toEqual(
      expect.arrayContaining([
        'webapp-prod-frontend-unhealthy-targets',
        'webapp-prod-frontend-response-time-high',
      ]),
    );
    expect(names('prod-backend').some((n) => /unhealthy|response-time/.test(n))).toBe(false);
    for (const alarm of all(stacks['prod-backend'], 'aws_cloudwatch_metric_alarm')) {
      expect(alarm.alarm_actions).toEqual([
        expect.stringMatching(/cross-stack-reference-input-prod.*aws_sns_topic/),
      ]);
    }
  });

  describe('service stacks', () => {
    const containers = (id: string) =>
      JSON.parse(all(stacks[id], 'aws_ecs_task_definition')[0].container_definitions);

    test('the image tag is a Terraform variable: deploying an image needs no code change', () => {
      expect(stacks['dev-backend'].text).toContain('"image_tag"');
      expect(containers('dev-backend')[0].image).toMatch(/:\$\{var\.image_tag\}$/);
    });

    test("the repository is named from the configuration, not read from the shared stack's state", () => {
      // (shared is applied without prod's reviewers: a URL rewritten in its state must not reach prod)
      for (const env of environments) {
        for (const service of Object.keys(env.services)) {
          const id = `${env.name}-${service}`;
          expect(containers(id)[0].image).toBe(
            `${project.sharedAccountId}.dkr.ecr.${project.region}.\${data.aws_partition.partition.dns_suffix}/${project.name}/${service}:\${var.image_tag}`,
          );
          expect(stacks[id].text).not.toContain('cross-stack-reference-input-shared');
        }
      }
    });

    test('the backend gets DB facts as secrets, the password from the RDS-managed secret', () => {
      const secrets = Object.fromEntries(
        containers('prod-backend')[0].secrets.map((s: any) => [s.name, s.valueFrom]),
      );
      expect(Object.keys(secrets).sort()).toEqual([
        'DB_HOST',
        'DB_NAME',
        'DB_PASSWORD',
        'DB_PORT',
        'DB_SECRET_ARN',
        'DB_USER',
        'FEATURE_FLAGS',
        'PAYMENT_API_KEY',
      ]);
      expect(secrets.DB_PASSWORD).toMatch(/master_user_secret0secret_arn\}:password::$/);
      expect(secrets.DB_SECRET_ARN).toMatch(
        /aws_ssm_parameterparameters_db-master-secret-arn_[A-F0-9]+arn\}$/,
      );
    });

    // RDS rotates the managed password (every 7 days by default) and ECS never updates the
    // DB_PASSWORD a task started with: the application itself must be able to fetch the current one.
    test.each(['dev', 'stg', 'prod'])(
      "%s: the backend's task role may read the database secret, and no service without the database may",
      (env) => {
        const taskStatements = (id: string) =>
          Object.entries(stacks[id].data?.aws_iam_policy_document ?? {})
            .filter(([name]) => name.includes('task-policy-document'))
            .flatMap(([, p]: [string, any]) => p.statement);
        expect(taskStatements(`${env}-backend`)).toContainEqual(
          expect.objectContaining({
            actions: ['secretsmanager:GetSecretValue'],
            resources: [expect.stringMatching(/master_user_secret0secret_arn\}$/)],
          }),
        );
        expect(
          taskStatements(`${env}-frontend`).some((st: any) =>
            st.actions.some((a: string) => a.startsWith('secretsmanager:')),
          ),
        ).toBe(false);
      },
    );

    test("the backend's execution role may read exactly the parameters and the secret it uses", () => {
      const policies = Object.values(stacks['prod-backend'].data?.aws_iam_policy_document ?? {}) as any[];
      const statements = policies.flatMap((p) => p.statement);
      const ssm = statements.find((s) => s.actions.includes('ssm:GetParameters'));
      expect(ssm.resources).toHaveLength(7);
      const secret = statements.find((s) => s.actions.includes('secretsmanager:GetSecretValue'));
      expect(secret.resources).toEqual([expect.stringMatching(/master_user_secret0secret_arn\}$/)]);
    });

    test('the frontend runs on the EC2 capacity provider behind the HTTPS listener and knows the backend by name', () => {
      const [service] = all(stacks['dev-frontend'], 'aws_ecs_service');
      expect(service.capacity_provider_strategy).toEqual([
        expect.objectContaining({ capacity_provider: expect.stringMatching(/ec2-capacity-provider/) }),
      ]);
      const [rule] = all(stacks['dev-frontend'], 'aws_lb_listener_rule');
      expect(rule.listener_arn).toMatch(/https-listener/);
      const env = Object.fromEntries(
        containers('dev-frontend')[0].environment.map((e: any) => [e.name, e.value]),
      );
      expect(env.BACKEND_URL).toBe('http://backend.svc.dev.internal:8080');
    });

    test('the backend is on Fargate, registered in Cloud Map, with no load balancer', () => {
      const [service] = all(stacks['prod-backend'], 'aws_ecs_service');
      expect(service.capacity_provider_strategy.map((s: any) => s.capacity_provider).sort()).toEqual([
        'FARGATE',
        'FARGATE_SPOT',
      ]);
      expect(all(stacks['prod-backend'], 'aws_service_discovery_service')).toHaveLength(1);
      expect(all(stacks['prod-backend'], 'aws_lb_target_group')).toHaveLength(0);
    });

    test('prod runs without ECS Exec and with a read-only root filesystem', () => {
      for (const id of ['prod-backend', 'prod-frontend']) {
        const [container] = containers(id);
        expect(container.readonlyRootFilesystem).toBe(true);
        expect(all(stacks[id], 'aws_ecs_service')[0].enable_execute_command).toBe(false);
      }
    });
  });
});

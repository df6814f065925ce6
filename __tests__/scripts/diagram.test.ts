import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDiagrams } from '../../scripts/diagram/generate';
import {
  addressesIn,
  interpolations,
  stackGraph,
  toDot,
  type Graph,
  type StackJsonLike,
} from '../../scripts/diagram/graph';
import { renderSvg } from '../../scripts/diagram/render';
import { synthApp } from '../stacks/app-fixture';

const at = (path: string) => ({ '//': { metadata: { path } } });

/** A small stack in the shape cdktf writes: resources, data sources, a remote-state input. */
function demoStack(): StackJsonLike {
  return {
    resource: {
      aws_vpc: { network_vpc_1: { ...at('demo/network/vpc'), cidr_block: '10.0.0.0/16' } },
      aws_subnet: {
        network_a_1: {
          ...at('demo/network/subnet-a'),
          vpc_id: '${aws_vpc.network_vpc_1.id}',
          tags: { Name: '${aws_vpc.network_vpc_1.id}-a', Literal: '$${aws_acm_certificate.cert_1.arn}' },
        },
      },
      aws_lb: {
        lb_alb_1: {
          ...at('demo/load-balancer/alb'),
          name: 'alb-${aws_vpc.network_vpc_1.id}-${data.aws_partition.network_partition_1.partition}',
          subnets: ['${aws_subnet.network_a_1.id}'],
          access_logs: [
            {
              bucket: '${data.terraform_remote_state.cross-stack-reference-input-shared.outputs.logs}',
              prefix: '${lookup(data.terraform_remote_state.shared-again.outputs, "p", "")}',
            },
          ],
          depends_on: ['aws_subnet.network_a_1', 'aws_iam_role.lb_role_1'],
        },
      },
      aws_iam_role: {
        lb_role_1: {
          ...at('demo/load-balancer/role'),
          assume_role_policy: '${data.aws_iam_policy_document.lb_trust_1.json}',
          description:
            'role ${aws_iam_role.lb_role_1.name} in ${data.terraform_remote_state.shared-again.outputs.n}',
          depends_on: ['data.terraform_remote_state.cross-stack-reference-input-shared'],
        },
      },
      aws_acm_certificate: { cert_cert_1: { ...at('demo/certificate/certificate'), domain_name: 'x.test' } },
      aws_route53_record: {
        cert_records_1: {
          ...at('demo/certificate/validation-records'),
          for_each:
            '${{for o in aws_acm_certificate.cert_cert_1.domain_validation_options : o.domain_name => o}}',
          name: '${each.value.resource_record_name}',
        },
      },
      aws_instance: {
        worker_1: { ...at('demo/worker'), count: 2, subnet_id: '${aws_subnet.network_a_1.id}' },
      },
    },
    data: {
      aws_partition: { network_partition_1: { ...at('demo/network/partition') } },
      aws_iam_policy_document: {
        lb_trust_1: {
          ...at('demo/load-balancer/trust'),
          statement: [{ resources: ['${aws_acm_certificate.cert_cert_1.arn}'] }],
        },
        unused_1: { ...at('demo/load-balancer/unused') },
      },
      terraform_remote_state: {
        'cross-stack-reference-input-shared': {
          backend: 's3',
          config: { bucket: 'b', key: 'demo-project/shared.tfstate', region: 'eu-west-1' },
          workspace: '${terraform.workspace}',
        },
        'shared-again': { backend: 's3', config: { bucket: 'b', key: 'demo-project/shared.tfstate' } },
        'cross-stack-reference-input-net': { backend: 's3', config: { key: 'demo-project/net.tfstate' } },
      },
    },
  };
}

/** The same JSON with every object's keys in reverse order. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reversedKeys(v)]),
  );
}

const edgesOf = (graph: Graph) =>
  graph.edges.map((e) => `${e.from} -> ${e.to}${e.kind === 'ref' ? '' : ' (depends_on)'}`);
const node = (graph: Graph, id: string) => graph.nodes.find((n) => n.id === id);

describe('interpolations and addresses', () => {
  test('finds each ${...}, nested braces included, and skips $${ literals', () => {
    expect(interpolations('a-${x.y.id}-${{for k in z.w : k => k}}-$${not.this}')).toEqual([
      'x.y.id',
      '{for k in z.w : k => k}',
    ]);
  });

  test('takes type.name and data.type.name prefixes of traversals, not attributes', () => {
    expect(addressesIn('element(aws_subnet.a-1[*].id, 0) == data.aws_x.b["k"].json.c')).toEqual([
      'aws_subnet.a-1',
      'data.aws_x.b',
    ]);
  });
});

describe('stackGraph', () => {
  const graph = stackGraph(demoStack(), 'demo');

  test('has a node per resource, data source and producer stack; policy documents in use are folded', () => {
    expect(graph.nodes.map((n) => n.id)).toEqual([
      'aws_acm_certificate.cert_cert_1',
      'aws_iam_role.lb_role_1',
      'aws_instance.worker_1',
      'aws_lb.lb_alb_1',
      'aws_route53_record.cert_records_1',
      'aws_subnet.network_a_1',
      'aws_vpc.network_vpc_1',
      'data.aws_iam_policy_document.unused_1',
      'data.aws_partition.network_partition_1',
      'stack:net',
      'stack:shared',
    ]);
    expect(node(graph, 'aws_iam_role.lb_role_1')?.foldedDocuments).toEqual(['load-balancer/trust']);
  });

  test('has every reference once: several per string, nested blocks, via folded documents, no self-edges', () => {
    expect(edgesOf(graph)).toEqual([
      'aws_iam_role.lb_role_1 -> aws_acm_certificate.cert_cert_1',
      'aws_iam_role.lb_role_1 -> stack:shared',
      'aws_instance.worker_1 -> aws_subnet.network_a_1',
      'aws_lb.lb_alb_1 -> aws_iam_role.lb_role_1 (depends_on)',
      'aws_lb.lb_alb_1 -> aws_subnet.network_a_1',
      'aws_lb.lb_alb_1 -> aws_vpc.network_vpc_1',
      'aws_lb.lb_alb_1 -> data.aws_partition.network_partition_1',
      'aws_lb.lb_alb_1 -> stack:shared',
      'aws_route53_record.cert_records_1 -> aws_acm_certificate.cert_cert_1',
      'aws_subnet.network_a_1 -> aws_vpc.network_vpc_1',
    ]);
  });

  test('groups nodes by top-level construct and labels them with the rest of the path', () => {
    expect(node(graph, 'aws_vpc.network_vpc_1')).toMatchObject({
      kind: 'resource',
      type: 'aws_vpc',
      path: 'network/vpc',
      cluster: 'network',
      label: 'vpc',
    });
    expect(node(graph, 'data.aws_partition.network_partition_1')).toMatchObject({
      kind: 'data',
      cluster: 'network',
    });
    expect(node(graph, 'aws_route53_record.cert_records_1')).toMatchObject({
      cluster: 'certificate',
      label: 'validation-records',
      repeated: 'for_each',
    });
    expect(node(graph, 'aws_instance.worker_1')).toMatchObject({ label: 'worker', repeated: 'count' });
    expect(node(graph, 'aws_instance.worker_1')?.cluster).toBeUndefined();
    expect(node(graph, 'stack:shared')).toMatchObject({ kind: 'remote-state', label: 'from stack shared' });
    expect(node(graph, 'stack:shared')?.cluster).toBeUndefined();
  });
});

describe('toDot', () => {
  const dot = toDot(stackGraph(demoStack(), 'demo'));

  test('is the same string for the same stack, whatever the key order of the JSON', () => {
    expect(toDot(stackGraph(demoStack(), 'demo'))).toBe(dot);
    expect(toDot(stackGraph(reversedKeys(demoStack()) as StackJsonLike, 'demo'))).toBe(dot);
  });

  test('draws one cluster per top-level construct holding its nodes', () => {
    const cluster = (name: string) => {
      const start = dot.indexOf(`subgraph "cluster_${name}" {`);
      expect(start).toBeGreaterThanOrEqual(0);
      return dot.slice(start, dot.indexOf('\n  }', start));
    };
    expect(dot.match(/subgraph "cluster_/g)).toHaveLength(3);
    expect(cluster('network')).toContain('"aws_vpc.network_vpc_1" [');
    expect(cluster('network')).toContain('"data.aws_partition.network_partition_1" [');
    expect(cluster('network')).not.toContain('"aws_lb.lb_alb_1" [');
    expect(cluster('load-balancer')).toContain('"aws_lb.lb_alb_1" [');
    expect(dot).toContain('"aws_lb.lb_alb_1" -> "aws_iam_role.lb_role_1" [style=dashed];');
  });

  test('renders to SVG with Graphviz (WebAssembly)', async () => {
    const svg = await renderSvg(dot);
    expect(svg).toMatch(/^(<\?xml|<svg)/);
    expect(svg).toContain('<title>demo</title>');
    expect(svg).toContain('from stack shared');
  });
});

describe('renderSvg', () => {
  test('renders a tiny graph', async () => {
    expect(await renderSvg('digraph { a -> b }')).toMatch(/^(<\?xml|<svg)/);
  });

  test('fails on DOT that Graphviz cannot read', async () => {
    await expect(renderSvg('digraph { a -> }')).rejects.toThrow(/graphviz could not render/);
  });
});

describe('the shipped app', () => {
  const stacks = synthApp();
  const graphOf = (id: string) => stackGraph(stacks[id], id);
  const byPath = (graph: Graph, type: string, path: string) =>
    graph.nodes.find((n) => n.type === type && n.path === path)?.id;

  test('dev shows the ALB, the ECS cluster, Aurora and the HTTPS listener waiting for the certificate', () => {
    const dev = graphOf('dev');
    expect(byPath(dev, 'aws_lb', 'load-balancer/alb')).toBeDefined();
    expect(byPath(dev, 'aws_ecs_cluster', 'cluster/cluster')).toBeDefined();
    expect(byPath(dev, 'aws_rds_cluster', 'database/cluster')).toBeDefined();
    const listener = byPath(dev, 'aws_lb_listener', 'load-balancer/https-listener');
    const validation = byPath(dev, 'aws_acm_certificate_validation', 'certificate/validation');
    expect(dev.edges).toContainEqual({ from: listener, to: validation, kind: 'ref' });
    const clusters = new Set(dev.nodes.map((n) => n.cluster));
    for (const name of ['network', 'load-balancer', 'certificate', 'cluster', 'database']) {
      expect(clusters).toContain(name);
    }
  });

  test('dev-backend reads the remote state of dev only; dev reads the zone of the administrator stack', () => {
    const remote = (id: string) =>
      graphOf(id)
        .nodes.filter((n) => n.kind === 'remote-state')
        .map((n) => n.id);
    expect(remote('dev-backend')).toEqual(['stack:dev']);
    expect(remote('dev')).toEqual(['stack:admin-111111111111']);
  });

  test('every resource of every stack is drawn', () => {
    for (const [id, json] of Object.entries(stacks)) {
      const drawn = new Set(graphOf(id).nodes.map((n) => n.id));
      const resources = Object.entries(json.resource ?? {}).flatMap(([type, byName]) =>
        Object.keys(byName).map((name) => `${type}.${name}`),
      );
      expect(resources.filter((address) => !drawn.has(address))).toEqual([]);
    }
  });

  test('generateDiagrams writes one SVG per stack, removes stale ones and --check notices changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'diagram-test-'));
    try {
      const synthDir = join(dir, 'out');
      const manifest: Record<string, { workingDirectory: string }> = {};
      for (const [id, json] of Object.entries(stacks)) {
        mkdirSync(join(synthDir, 'stacks', id), { recursive: true });
        writeFileSync(join(synthDir, 'stacks', id, 'cdk.tf.json'), json.text);
        manifest[id] = { workingDirectory: `stacks/${id}` };
      }
      writeFileSync(join(synthDir, 'manifest.json'), JSON.stringify({ stacks: manifest }));
      const outDir = join(dir, 'diagrams');
      mkdirSync(outDir);
      writeFileSync(join(outDir, 'gone.svg'), '<svg/>');

      const written = await generateDiagrams({ synthDir, outDir });
      expect(written.results.map((r) => r.stack)).toEqual(Object.keys(stacks).sort());
      expect(written.stale).toEqual([join(outDir, 'gone.svg')]);
      expect(existsSync(join(outDir, 'gone.svg'))).toBe(false);
      expect(readFileSync(join(outDir, 'dev.svg'), 'utf8')).toContain('<title>dev</title>');

      expect(
        (await generateDiagrams({ synthDir, outDir, check: true })).results.every((r) => r.upToDate),
      ).toBe(true);
      writeFileSync(join(outDir, 'shared.svg'), '<svg/>');
      const checked = await generateDiagrams({ synthDir, outDir, check: true });
      expect(checked.results.filter((r) => !r.upToDate).map((r) => r.stack)).toEqual(['shared']);
      expect(readFileSync(join(outDir, 'shared.svg'), 'utf8')).toBe('<svg/>');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * Turns one synthesized stack (`cdk.tf.json`, parsed) into a graph of its resources, data sources
 * and remote-state inputs, and that graph into Graphviz DOT. Pure: no file system, no rendering.
 */

/** The parts of a synthesized stack the diagram reads. */
export interface StackJsonLike {
  readonly resource?: Record<string, Record<string, unknown>>;
  readonly data?: Record<string, Record<string, unknown>>;
}

export type NodeKind = 'resource' | 'data' | 'remote-state';

export interface GraphNode {
  /** Terraform address (`aws_vpc.network_vpc_4E8F0223`, `data.aws_partition.p`) or `stack:<name>`. */
  readonly id: string;
  readonly kind: NodeKind;
  /** Resource or data source type (`aws_vpc`, `terraform_remote_state`). */
  readonly type: string;
  /** Construct path without the stack prefix (`network/vpc`); empty when the JSON has none. */
  readonly path: string;
  /** Top-level construct the node is drawn in (`network`); undefined for stack-level nodes. */
  readonly cluster?: string;
  /** Short text shown on the node: the path below the cluster, or "from stack <name>". */
  readonly label: string;
  /** Set when the resource is repeated with `for_each` or `count`. */
  readonly repeated?: 'for_each' | 'count';
  /** Construct paths of the policy documents drawn inside this node instead of as nodes. */
  readonly foldedDocuments?: readonly string[];
}

export interface GraphEdge {
  /** The node that holds the reference. */
  readonly from: string;
  /** The node it refers to. */
  readonly to: string;
  /** `ref`: an expression reads the target; `depends_on`: an explicit ordering only. */
  readonly kind: 'ref' | 'depends_on';
}

export interface Graph {
  readonly stack: string;
  /** Sorted by id. */
  readonly nodes: readonly GraphNode[];
  /** Sorted by from, then to; one edge per pair. */
  readonly edges: readonly GraphEdge[];
}

/**
 * Data source types drawn inside the node that uses them instead of as nodes of their own: IAM
 * policy documents are computed locally, one per role or policy, and would double the node count
 * of every stack without showing anything the consumer's node does not.
 */
export const FOLDED_DATA_TYPES: ReadonlySet<string> = new Set(['aws_iam_policy_document']);

const REMOTE_STATE = 'terraform_remote_state';

interface Entry {
  readonly address: string;
  readonly kind: 'resource' | 'data';
  readonly type: string;
  readonly name: string;
  readonly body: Record<string, unknown>;
}

/** Builds the graph of one stack from its synthesized JSON. */
export function stackGraph(stackJson: StackJsonLike, stackName: string): Graph {
  const entries = [...blocks(stackJson.resource, 'resource'), ...blocks(stackJson.data, 'data')].sort(
    (a, b) => compare(a.address, b.address),
  );
  const byAddress = new Map(entries.map((e) => [e.address, e]));
  const references = new Map(entries.map((e) => [e.address, referencesOf(e, byAddress)]));

  const isFoldable = (e: Entry) => e.kind === 'data' && FOLDED_DATA_TYPES.has(e.type);
  const referenced = new Set([...references.values()].flatMap((refs) => [...refs.keys()]));
  const folded = new Set(
    entries.filter((e) => isFoldable(e) && referenced.has(e.address)).map((e) => e.address),
  );

  const nodeIdOf = new Map<string, string>();
  const nodes = new Map<string, GraphNode>();
  for (const entry of entries) {
    if (folded.has(entry.address)) continue;
    if (entry.kind === 'data' && entry.type === REMOTE_STATE) {
      const producer = producerStack(entry);
      const id = `stack:${producer}`;
      nodeIdOf.set(entry.address, id);
      nodes.set(id, {
        id,
        kind: 'remote-state',
        type: REMOTE_STATE,
        path: '',
        label: `from stack ${producer}`,
      });
      continue;
    }
    nodeIdOf.set(entry.address, entry.address);
  }

  const edges: GraphEdge[] = [];
  for (const entry of entries) {
    const from = nodeIdOf.get(entry.address);
    if (!from || nodes.get(from)?.kind === 'remote-state') continue;
    const documents = new Set<string>();
    const targets = new Map<string, GraphEdge['kind']>();
    const visit = (refs: ReadonlyMap<string, GraphEdge['kind']>, kindOverride?: GraphEdge['kind']) => {
      for (const [address, kind] of refs) {
        if (folded.has(address)) {
          if (documents.has(address)) continue;
          documents.add(address);
          visit(references.get(address)!, kindOverride ?? kind);
          continue;
        }
        const to = nodeIdOf.get(address);
        if (!to || to === from) continue;
        const effective = kindOverride ?? kind;
        if (targets.get(to) !== 'ref') targets.set(to, effective);
      }
    };
    visit(references.get(entry.address)!);
    for (const [to, kind] of targets) edges.push({ from, to, kind });

    const path = constructPath(entry, stackName);
    const segments = path.split('/');
    const cluster = segments.length > 1 ? segments[0] : undefined;
    const repeated = 'for_each' in entry.body ? 'for_each' : 'count' in entry.body ? 'count' : undefined;
    const foldedDocuments = [...documents]
      .map((a) => constructPath(byAddress.get(a)!, stackName))
      .sort(compare);
    nodes.set(from, {
      id: from,
      kind: entry.kind,
      type: entry.type,
      path,
      ...(cluster ? { cluster } : {}),
      label: cluster ? segments.slice(1).join('/') : path,
      ...(repeated ? { repeated } : {}),
      ...(foldedDocuments.length > 0 ? { foldedDocuments } : {}),
    });
  }

  return {
    stack: stackName,
    nodes: [...nodes.values()].sort((a, b) => compare(a.id, b.id)),
    edges: edges.sort((a, b) => compare(a.from, b.from) || compare(a.to, b.to)),
  };
}

function blocks(section: Record<string, Record<string, unknown>> | undefined, kind: Entry['kind']): Entry[] {
  return Object.entries(section ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName ?? {}).map(([name, body]) => ({
      address: kind === 'data' ? `data.${type}.${name}` : `${type}.${name}`,
      kind,
      type,
      name,
      body: (body ?? {}) as Record<string, unknown>,
    })),
  );
}

/** `dev/network/vpc` in stack `dev` gives `network/vpc`; without metadata, the block name. */
function constructPath(entry: Entry, stackName: string): string {
  const metadata = (entry.body['//'] as { metadata?: { path?: unknown } } | undefined)?.metadata;
  const path = typeof metadata?.path === 'string' ? metadata.path : entry.name;
  return path.startsWith(`${stackName}/`) ? path.slice(stackName.length + 1) : path;
}

/** The stack a remote-state input reads: its key ends in `/<stack>.tfstate`. */
function producerStack(entry: Entry): string {
  const config = entry.body.config as Record<string, unknown> | undefined;
  const key =
    typeof config?.key === 'string' ? config.key : typeof config?.path === 'string' ? config.path : '';
  const match = /([^/]+)\.tfstate$/.exec(key);
  if (match) return match[1];
  return entry.name.replace(/^cross-stack-reference-input-/, '');
}

/** Every known block this block refers to, with the strongest kind of reference seen. */
function referencesOf(entry: Entry, known: ReadonlyMap<string, Entry>): Map<string, GraphEdge['kind']> {
  const found = new Map<string, GraphEdge['kind']>();
  const add = (expression: string, kind: GraphEdge['kind']) => {
    for (const address of addressesIn(expression)) {
      if (!known.has(address)) continue;
      if (found.get(address) !== 'ref') found.set(address, kind);
    }
  };
  for (const [key, value] of Object.entries(entry.body)) {
    if (key === '//') continue;
    if (key === 'depends_on' && Array.isArray(value)) {
      for (const item of value) if (typeof item === 'string') add(item, 'depends_on');
      continue;
    }
    walkStrings(value, (text) => {
      for (const expression of interpolations(text)) add(expression, 'ref');
    });
  }
  const triggers = (entry.body.lifecycle as { replace_triggered_by?: unknown } | undefined)
    ?.replace_triggered_by;
  if (Array.isArray(triggers)) for (const item of triggers) if (typeof item === 'string') add(item, 'ref');
  return found;
}

function walkStrings(value: unknown, visit: (text: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) for (const item of value) walkStrings(item, visit);
  else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) walkStrings(item, visit);
  }
}

/** The bodies of the `${ ... }` expressions in a string; `$${` is a literal and skipped. */
export function interpolations(text: string): string[] {
  const found: string[] = [];
  let start = text.indexOf('${');
  while (start !== -1) {
    if (start > 0 && text[start - 1] === '$') {
      start = text.indexOf('${', start + 2);
      continue;
    }
    let depth = 1;
    let end = start + 2;
    for (; end < text.length && depth > 0; end++) {
      if (text[end] === '{') depth++;
      else if (text[end] === '}') depth--;
    }
    found.push(text.slice(start + 2, depth === 0 ? end - 1 : end));
    start = text.indexOf('${', end);
  }
  return found;
}

/** `<type>.<name>` and `data.<type>.<name>` prefixes of the traversals in an expression. */
export function addressesIn(expression: string): string[] {
  const pattern = /(?<![\w.-])(?:data\.)?[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*/g;
  return [...expression.matchAll(pattern)].map((m) => m[0]);
}

export interface DotOptions {
  /** @default 'LR' */
  readonly rankdir?: 'LR' | 'TB';
}

/** Graphviz DOT for a graph: one cluster per top-level construct, output sorted so it is stable. */
export function toDot(graph: Graph, options: DotOptions = {}): string {
  const rankdir = options.rankdir ?? 'LR';
  const font = 'Helvetica,Arial,sans-serif';
  const resources = graph.nodes.filter((n) => n.kind === 'resource').length;
  const title =
    `<B>stack ${html(graph.stack)}</B>` +
    `<BR/><FONT POINT-SIZE="10" COLOR="#555555">${resources} resources, ${graph.edges.length} references` +
    ` &#183; arrow points at what is referenced &#183; dashed: depends_on only</FONT>`;
  const lines = [
    `digraph ${quote(graph.stack)} {`,
    `  graph [rankdir=${rankdir}, newrank=true, fontname="${font}", fontsize=16, labelloc=t, labeljust=l, ` +
      `nodesep=0.15, ranksep=0.9, pad=0.3, label=<${title}>];`,
    `  node [shape=box, style="rounded,filled", fillcolor="#ffffff", color="#5b6b82", fontname="${font}", ` +
      `fontsize=11, margin="0.1,0.03", height=0.3];`,
    `  edge [color="#8a97ab", arrowsize=0.5, penwidth=0.7];`,
  ];

  const clusters = new Map<string, GraphNode[]>();
  const loose: GraphNode[] = [];
  for (const node of graph.nodes) {
    if (node.cluster === undefined) loose.push(node);
    else clusters.set(node.cluster, [...(clusters.get(node.cluster) ?? []), node]);
  }
  for (const name of [...clusters.keys()].sort(compare)) {
    const [fill, border] = clusterColours(name);
    lines.push(`  subgraph ${quote(`cluster_${name}`)} {`);
    lines.push(
      `    graph [label=<<B>${html(name)}</B>>, style="rounded,filled", fillcolor="${fill}", ` +
        `color="${border}", fontsize=13, margin=10];`,
    );
    for (const node of clusters.get(name)!) lines.push(`    ${nodeStatement(node)}`);
    lines.push('  }');
  }
  for (const node of loose) lines.push(`  ${nodeStatement(node)}`);
  for (const edge of graph.edges) {
    const style = edge.kind === 'depends_on' ? ' [style=dashed]' : '';
    lines.push(`  ${quote(edge.from)} -> ${quote(edge.to)}${style};`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function nodeStatement(node: GraphNode): string {
  const marks = [node.repeated ? `[${node.repeated}]` : '', node.kind === 'data' ? 'data' : '']
    .filter(Boolean)
    .join(' ');
  const small = [node.type, marks].filter(Boolean).join(' ');
  const documents = (node.foldedDocuments ?? []).map(
    (d) => `<BR/><FONT POINT-SIZE="8" COLOR="#7a5c00">+ ${html(d.split('/').pop()!)}</FONT>`,
  );
  const label = `<${html(node.label)}<BR/><FONT POINT-SIZE="8" COLOR="#666666">${html(small)}</FONT>${documents.join('')}>`;
  const attributes = [`label=${label}`];
  if (node.kind === 'data') attributes.push('style="rounded,filled,dashed"', 'fillcolor="#eef5ff"');
  if (node.kind === 'remote-state') attributes.push('shape=folder', 'style="filled"', 'fillcolor="#fff1d6"');
  if (node.repeated) attributes.push('peripheries=2');
  return `${quote(node.id)} [${attributes.join(', ')}];`;
}

const PALETTE: readonly [string, string][] = [
  ['#eef3fb', '#9fb3d1'],
  ['#eef8f0', '#9cc7a5'],
  ['#fbf3e9', '#d8b98c'],
  ['#f5eefa', '#bba3d1'],
  ['#eaf7f7', '#93c4c4'],
  ['#faeeee', '#d4a3a3'],
  ['#f4f4ea', '#c2c28f'],
];

/** A colour picked from the cluster's name, so a cluster keeps its colour when others come and go. */
function clusterColours(name: string): readonly [string, string] {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length];
}

function quote(id: string): string {
  return `"${id.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Plain code-unit order, so the output does not depend on the machine's locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

import type { IConstruct } from 'constructs';
import {
  DefaultTokenResolver,
  StringConcat,
  type IPostProcessor,
  type IResolvable,
  type IResolveContext,
  TerraformDataSource,
  TerraformOutput,
  TerraformRemoteState,
  TerraformResource,
  TerraformStack,
  Tokenization,
} from 'cdktf';
import { isObject, type SynthesizedElement } from './synthesized-element';

/** What a `${...}` reference points at: an element of some stack of the app, and an attribute of it. */
export interface Target {
  readonly view: StackView;
  readonly element: SynthesizedElement;
  /** `arn`, `id`, `master_user_secret[0].secret_arn`, ... */
  readonly attribute: string;
}

const LOCAL_REFERENCE = /^((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)\.(.+)$/;
const REMOTE_REFERENCE = /^data\.terraform_remote_state\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)$/;
/** The ID CDKTF gives the remote state through which a stack reads another (`TerraformStack`). */
const REMOTE_STATE_ID = /^cross-stack-reference-input-(.+)$/;

type Element = TerraformResource | TerraformDataSource;

/** The element part of a reference: `aws_iam_role.x` of `aws_iam_role.x.arn`. */
const ELEMENT_ADDRESS = /^((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)/;

/**
 * Resolves as CDKTF's default resolver does, and notes the stack each reference to another stack's
 * element comes from. Until the app is prepared for synthesis (as `app.synth()` does first, and a
 * test synthesizing one stack does not), such a reference resolves to the producer's own address,
 * `${aws_ssm_parameter.x.arn}`, as if it were local; the note tells where to look it up.
 */
class OriginNotingResolver extends DefaultTokenResolver {
  constructor(
    private readonly stack: TerraformStack,
    private readonly origins: Map<string, TerraformStack>,
  ) {
    super(new StringConcat());
  }

  public override resolveToken(
    t: IResolvable,
    context: IResolveContext,
    postProcessor: IPostProcessor,
  ): unknown {
    // A reference (cdktf's internal `Reference` expression) carries the stack it was created in.
    const { originStack, identifier } = t as { originStack?: unknown; identifier?: unknown };
    if (TerraformStack.isStack(originStack) && originStack !== this.stack && typeof identifier === 'string') {
      const address = ELEMENT_ADDRESS.exec(identifier)?.[1];
      if (address) this.origins.set(address, originStack);
    }
    return super.resolveToken(t, context, postProcessor) as unknown;
  }
}

/**
 * One stack's resources and data sources as they will be written to cdk.tf.json, each read (its
 * tokens resolved) once, when a check first asks for it, and shared by the checks that judge the
 * stack (the security rules read every element, the limits check reads some of them again, and a
 * check of one stack reads a few elements of the others: an app of 50 environments has 150 stacks).
 */
export class StackView {
  private readonly elements = new Map<Element, SynthesizedElement | null>();
  private readonly readFrom = new Map<SynthesizedElement, Element>();
  /** Addresses of other stacks' elements that this stack's elements reference, by address. */
  private readonly origins = new Map<string, TerraformStack>();
  private readonly resolver: DefaultTokenResolver;

  constructor(public readonly stack: TerraformStack) {
    this.resolver = new OriginNotingResolver(stack, this.origins);
  }

  /** The stack an element this stack references by address lives in, when it is another stack. */
  public originOf(address: string): TerraformStack | undefined {
    return this.origins.get(address);
  }

  private remoteStates?: Map<string, TerraformRemoteState>;
  private outputs?: Map<string, TerraformOutput>;

  /** The `terraform_remote_state` of this stack with the given name. */
  public remoteState(name: string): TerraformRemoteState | undefined {
    this.remoteStates ??= new Map(
      this.stack.node
        .findAll()
        .filter((n): n is TerraformRemoteState => n instanceof TerraformRemoteState)
        .map((n) => [n.friendlyUniqueId, n]),
    );
    return this.remoteStates.get(name);
  }

  /** The output of this stack with the given name. */
  public output(name: string): TerraformOutput | undefined {
    this.outputs ??= new Map(
      this.stack.node
        .findAll()
        .filter(TerraformOutput.isTerraformOutput)
        .map((n) => [n.friendlyUniqueId, n]),
    );
    return this.outputs.get(name);
  }

  /** Every element, in the stack's order. */
  public all(): SynthesizedElement[] {
    return this.read(this.constructs());
  }

  /** The construct an element of this view was read from. */
  public constructOf(element: SynthesizedElement): IConstruct | undefined {
    return this.readFrom.get(element);
  }

  /** The elements of one type (`aws_iam_role`, `data.aws_iam_policy_document`). */
  public ofType(type: string): SynthesizedElement[] {
    return this.read(this.constructs().filter((c) => elementType(c) === type));
  }

  /** The elements of any of the types, in the stack's order. */
  public ofTypes(types: ReadonlySet<string>): SynthesizedElement[] {
    return this.read(this.constructs().filter((c) => types.has(elementType(c))));
  }

  /** The element at a Terraform address (`aws_iam_role.service_task-role_58F5AF4F`). */
  public byAddress(address: string): SynthesizedElement | undefined {
    this.addresses ??= new Map(this.constructs().map((c) => [`${elementType(c)}.${c.friendlyUniqueId}`, c]));
    const node = this.addresses.get(address);
    return node ? this.read([node])[0] : undefined;
  }

  private addresses?: Map<string, Element>;

  private constructsCache?: Element[];

  private constructs(): Element[] {
    this.constructsCache ??= this.stack.node
      .findAll()
      .filter(
        (n): n is Element =>
          TerraformResource.isTerraformResource(n) || TerraformDataSource.isTerraformDataSource(n),
      );
    return this.constructsCache;
  }

  private read(constructs: readonly Element[]): SynthesizedElement[] {
    return constructs.map((c) => this.element(c)).filter((e): e is SynthesizedElement => e !== null);
  }

  /**
   * The element as it will be written to cdk.tf.json, read as the security rules read it:
   * `toTerraform()` includes overrides, lifecycle and meta-arguments, and resolving turns references
   * into `${...}` strings. Null for a moved resource, which synthesizes only its `moved` block.
   */
  private element(node: Element): SynthesizedElement | null {
    let element = this.elements.get(node);
    if (element === undefined) {
      const isResource = TerraformResource.isTerraformResource(node);
      const json: unknown = Tokenization.resolve(node.toTerraform(), {
        scope: this.stack,
        resolver: this.resolver,
        preparing: false,
      });
      const block = isObject(json) ? json[isResource ? 'resource' : 'data'] : undefined;
      const byName = isObject(block) ? block[node.terraformResourceType] : undefined;
      const attrs = isObject(byName) ? byName[node.friendlyUniqueId] : undefined;
      const type = elementType(node);
      element = isObject(attrs)
        ? { type, address: `${type}.${node.friendlyUniqueId}`, path: node.node.path, attrs }
        : null;
      this.elements.set(node, element);
      if (element) this.readFrom.set(element, node);
    }
    return element;
  }
}

/** The type as the checks name it: the resource type, or `data.<type>` for a data source. */
export function elementType(node: Element): string {
  return TerraformDataSource.isTerraformDataSource(node)
    ? `data.${node.terraformResourceType}`
    : node.terraformResourceType;
}

const views = new WeakMap<IConstruct, AppView>();

/**
 * Every stack of the app as it will be written, read once per synthesis for the checks that judge
 * the stacks (WholeStackAspect): the security rules, and the limits check, which also needs the
 * other stacks (a service stack's listener rule counts against the environment stack's load
 * balancer, and a reference into another stack is estimated by what it points at there).
 *
 * Read at synth time: CDKTF has by then turned each cross-stack reference into an output of the
 * producer and a `terraform_remote_state` of the consumer.
 */
export class AppView {
  private readonly byStack = new Map<TerraformStack, StackView>();

  private constructor(private readonly root: IConstruct) {}

  /**
   * Drops what was read of the app the stack belongs to: a stack synthesized again may have
   * changed since (WholeStackAspect calls this when it visits a stack for the second time).
   */
  public static discard(stack: TerraformStack): void {
    views.delete(stack.node.root);
  }

  /** The view of the app (the root construct) the stack belongs to. */
  public static of(stack: TerraformStack): AppView {
    const root = stack.node.root;
    let view = views.get(root);
    if (!view) {
      view = new AppView(root);
      views.set(root, view);
    }
    return view;
  }

  private allStacks?: TerraformStack[];

  public stacks(): StackView[] {
    this.allStacks ??= this.root.node.findAll().filter(TerraformStack.isStack);
    return this.allStacks.map((stack) => this.view(stack));
  }

  public view(stack: TerraformStack): StackView {
    let view = this.byStack.get(stack);
    if (!view) {
      view = new StackView(stack);
      this.byStack.set(stack, view);
    }
    return view;
  }

  /**
   * The element a reference expression (what is inside `${...}`) points at, following a
   * cross-stack reference to the producer: `data.terraform_remote_state.<input>.outputs.<output>`
   * leads to the producer's output, whose value is the reference there. Undefined for anything
   * else (variables, functions, elements that are not in the app).
   */
  public target(expression: string, from: StackView): Target | undefined {
    const remote = REMOTE_REFERENCE.exec(expression);
    if (remote) return this.remoteTarget(remote[1], remote[2], from);
    const local = LOCAL_REFERENCE.exec(expression);
    if (!local) return undefined;
    const element = from.byAddress(local[1]);
    if (element) return { view: from, element, attribute: local[2] };
    const origin = from.originOf(local[1]);
    const there = origin ? this.view(origin) : undefined;
    const foreign = there?.byAddress(local[1]);
    return there && foreign ? { view: there, element: foreign, attribute: local[2] } : undefined;
  }

  /** The target of a value that is one whole `${...}` reference, else undefined. */
  public targetOf(value: unknown, from: StackView): Target | undefined {
    if (typeof value !== 'string') return undefined;
    const match = /^\$\{([^{}]+)\}$/.exec(value);
    return match ? this.target(match[1], from) : undefined;
  }

  private remoteTarget(inputName: string, outputName: string, from: StackView): Target | undefined {
    const input = from.remoteState(inputName);
    const producerPath = input ? REMOTE_STATE_ID.exec(input.node.id)?.[1] : undefined;
    const producer = this.stacks().find((v) => v.stack.node.path === producerPath);
    const output = producer?.output(outputName);
    if (!producer || !output) return undefined;
    const value: unknown = Tokenization.resolve(output.value, {
      scope: producer.stack,
      resolver: new DefaultTokenResolver(new StringConcat()),
      preparing: false,
    });
    return this.targetOf(value, producer);
  }
}

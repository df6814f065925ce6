import type { IConstruct } from 'constructs';
import {
  DefaultTokenResolver,
  StringConcat,
  TerraformOutput,
  TerraformRemoteState,
  TerraformStack,
  Tokenization,
} from 'cdktf';
import { synthesizedElements, type StackResources, type SynthesizedElement } from '../policies';

/** One stack as it will be written to cdk.tf.json. */
export interface StackView {
  readonly stack: TerraformStack;
  readonly resources: StackResources;
  /** The construct of each element, for annotations. */
  readonly nodes: ReadonlyMap<SynthesizedElement, IConstruct>;
}

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

const views = new WeakMap<IConstruct, AppView>();

/**
 * Every stack of the app, each read once, as the limits check needs them: some limits count
 * things other stacks add (a service stack's listener rule counts against the environment stack's
 * load balancer), and a reference into another stack is estimated by what it points at there.
 *
 * Read at synth time, once every stack is prepared: CDKTF has by then turned each cross-stack
 * reference into an output of the producer and a `terraform_remote_state` of the consumer.
 */
export class AppView {
  private readonly byStack = new Map<TerraformStack, StackView>();

  private constructor(private readonly root: IConstruct) {}

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

  public stacks(): StackView[] {
    return this.root.node
      .findAll()
      .filter(TerraformStack.isStack)
      .map((stack) => this.view(stack));
  }

  public view(stack: TerraformStack): StackView {
    let view = this.byStack.get(stack);
    if (!view) {
      const { resources, nodes } = synthesizedElements(stack);
      view = { stack, resources, nodes };
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
    const element = from.resources.byAddress(local[1]);
    return element ? { view: from, element, attribute: local[2] } : undefined;
  }

  /** `${...}` whole-string reference: the target, else undefined. */
  public targetOf(value: unknown, from: StackView): Target | undefined {
    if (typeof value !== 'string') return undefined;
    const match = /^\$\{([^{}]+)\}$/.exec(value);
    return match ? this.target(match[1], from) : undefined;
  }

  private remoteTarget(inputName: string, outputName: string, from: StackView): Target | undefined {
    const input = from.stack.node
      .findAll()
      .find(
        (n): n is TerraformRemoteState =>
          n instanceof TerraformRemoteState && n.friendlyUniqueId === inputName,
      );
    const producerPath = input ? REMOTE_STATE_ID.exec(input.node.id)?.[1] : undefined;
    const producer = this.root.node
      .findAll()
      .find((n): n is TerraformStack => TerraformStack.isStack(n) && n.node.path === producerPath);
    if (!producer) return undefined;
    const output = producer.node
      .findAll()
      .find(
        (n): n is TerraformOutput =>
          TerraformOutput.isTerraformOutput(n) && n.friendlyUniqueId === outputName,
      );
    if (!output) return undefined;
    const value: unknown = Tokenization.resolve(output.value, {
      scope: producer,
      resolver: new DefaultTokenResolver(new StringConcat()),
      preparing: false,
    });
    return this.targetOf(value, this.view(producer));
  }
}

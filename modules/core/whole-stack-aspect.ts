import type { IConstruct } from 'constructs';
import { TerraformStack, type IAspect } from 'cdktf';
import { AppView } from './app-view';

/**
 * An aspect that judges a stack as a whole (the security rules, the AWS limits check): it runs
 * `check(stack)` once, when every resource of the stack has been built and visited. Aspects visit
 * the tree depth-first, the stack before its children, so that point is the stack's last
 * descendant. Added anywhere but on the stack, it would never see the whole, so it refuses.
 *
 * The checks read the stack through `AppView.of(stack)`, which resolves each element once per
 * synthesis for all of them. A stack visited a second time is being synthesized again, possibly
 * changed: what was read before is dropped.
 */
export abstract class WholeStackAspect implements IAspect {
  private readonly stacksSeen = new WeakSet<TerraformStack>();

  public visit(node: IConstruct): void {
    const stack = TerraformStack.of(node);
    if (node === stack) {
      if (this.stacksSeen.has(stack)) AppView.discard(stack);
      this.stacksSeen.add(stack);
    } else if (!this.stacksSeen.has(stack)) {
      throw new Error(
        `${this.constructor.name} reached ${node.node.path} without its stack: add it with Aspects.of(stack).add(...)`,
      );
    }
    if (node === lastDescendant(stack)) this.check(stack);
  }

  /** Judges the stack; throws to fail synthesis. */
  protected abstract check(stack: TerraformStack): void;
}

function lastDescendant(root: IConstruct): IConstruct {
  let node = root;
  for (let children = node.node.children; children.length > 0; children = node.node.children) {
    node = children[children.length - 1];
  }
  return node;
}

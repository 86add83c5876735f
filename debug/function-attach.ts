/**
 * Step Into a task whose function runs locally: the Node.js debugger's attach configuration for the
 * function's process, which the adapter asks its client to start as a child session (the DAP
 * reverse request `startDebugging`). VS Code starts such a child with the parent's debug type, so
 * the configuration carries a mark (`flowStepInto`) by which the `flow` type's configuration
 * provider hands it back to the Node.js debugger (client/actions/flow-debug.ts).
 */
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { FunctionDebugTarget } from '../engine/index';

/** VS Code's JavaScript debugger's type for Node.js (ms-vscode.js-debug, built into VS Code). */
export const NODE_DEBUG_TYPE = 'pwa-node';

/** The attribute marking a function's attach configuration, with what it debugs. */
export const STEP_INTO_MARK = 'flowStepInto';

export interface StepIntoMark {
  stepName: string;
  functionName: string;
  handlerFile: string;
  pid: number;
}

export function functionAttachRequest(target: FunctionDebugTarget, stepName: string): DebugProtocol.StartDebuggingRequestArguments {
  const mark: StepIntoMark = { stepName, functionName: target.functionName, handlerFile: target.handlerFile, pid: target.pid };
  return {
    request: 'attach',
    configuration: {
      type: NODE_DEBUG_TYPE,
      name: `${target.functionName} (${stepName})`,
      // Loopback only: the inspector runs the code of whoever connects.
      address: '127.0.0.1',
      port: target.port,
      websocketAddress: target.url,
      // The process waits for a debugger, not at a first-line break; nothing to stop at on attach.
      continueOnAttach: true,
      // Stepping out of the handler goes back to the flow, not into the runtime stand-in around it.
      skipFiles: ['<node_internals>/**', target.runtimeFile],
      [STEP_INTO_MARK]: mark,
    },
  };
}

/**
 * The New Flow command's choices: two formats and three starting points, each a real flow file under
 * `templates/<format>/<template>.flow.yaml` (shipped in the .vsix; test/client/flow-templates.test.ts
 * analyses every one). A StateMachine flow's `Name` must equal its name in CloudFlow, so the new file's
 * flow name replaces the template's.
 */
import { localFlowName } from './local-flow-name';

export const FLOW_FORMATS = ['statemachine', 'classic'] as const;
export type FlowFormat = (typeof FLOW_FORMATS)[number];

export const FLOW_TEMPLATES = ['approval', 'batch', 'pipeline'] as const;
export type FlowTemplate = (typeof FLOW_TEMPLATES)[number];

/** The template's path relative to the extension's folder (the same on every OS: a URI path). */
export function templatePath(format: FlowFormat, template: FlowTemplate): string {
  return `templates/${format}/${template}.flow.yaml`;
}

/** The template's text for a flow saved as `flowPath`: a StateMachine gets the file's flow name as `Name`. */
export function instantiateTemplate(text: string, format: FlowFormat, flowPath: string): string {
  if (format !== 'statemachine') return text;
  return text.replace(/^Name: .*$/m, `Name: ${localFlowName(flowPath)}`);
}

/**
 * The name rule Serverless Workflow and Function Compute share: a letter or `_` first, then
 * letters, digits, `_` and `-`; case-sensitive. Only the length differs, per the docs:
 *
 * - Flow and execution names: 1–128 characters. CloudFlow "Limits" (help.aliyun.com document
 *   2849627, naming limits), "Introduction to executions" (122488) and "Overview of flows".
 * - FC stateful async invocation IDs (`StatefulAsyncInvocationID`, header
 *   X-Fc-Stateful-Async-Invocation-Id of InvokeFunction): at most 128 characters.
 * - FC service names: 1–128 characters (FC 2.0 API "CreateFunction", `serviceName`).
 * - FC function names: 1–64 characters (FC 2.0 "CreateFunction" and FC 3.0 "CreateFunction" /
 *   ROS ALIYUN::FC3::Function, `functionName`). Older FC pages said 128; the current ones say 64.
 *   FC words it as "cannot start with a digit or `-`", which over this character set is the same
 *   as "a letter or `_` first".
 * - MNS queue and topic names: the MNS "Limits" page gives only the length, 120 characters; the
 *   docs we found do not state the character set, so applying this one to them is our choice.
 */
export const MAX_RESOURCE_NAME_LENGTH = 128;
export const MAX_FC_FUNCTION_NAME_LENGTH = 64;
export const MAX_MNS_NAME_LENGTH = 120;

/** The rule for a name of 1 to `maxLength` characters (the bound keeps matching linear). */
export function resourceNamePattern(maxLength: number): RegExp {
  return new RegExp(`^[A-Za-z_][A-Za-z0-9_-]{0,${maxLength - 1}}$`);
}

/** Flow names, execution names, FC service names and FC async invocation IDs: 1–128 characters. */
export const RESOURCE_NAME_PATTERN = resourceNamePattern(MAX_RESOURCE_NAME_LENGTH);
export const FC_FUNCTION_NAME_PATTERN = resourceNamePattern(MAX_FC_FUNCTION_NAME_LENGTH);
export const MNS_NAME_PATTERN = resourceNamePattern(MAX_MNS_NAME_LENGTH);

/** A flow or execution name (or any other 1–128 character name of the rule above). */
export function isResourceName(text: string): boolean {
  return RESOURCE_NAME_PATTERN.test(text);
}

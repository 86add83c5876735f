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
 * - Step names (classic) and state names (StateMachine): no page we found gives a length or a
 *   character set (real flows name steps in Chinese, with spaces). They name history events and
 *   are sent with every step's events. Our reading: past the service's one documented name length,
 *   128 characters (MAX_STEP_NAME_LENGTH), a warning (the service may refuse it); past what one
 *   event's data holds (MAX_EVENT_DATA_BYTES), an error (it cannot run). The character set is free.
 */
export const MAX_RESOURCE_NAME_LENGTH = 128;
export const MAX_FC_FUNCTION_NAME_LENGTH = 64;
export const MAX_MNS_NAME_LENGTH = 120;
/** Step and state names: past the flow and execution name length (above) a warning, our reading. */
export const MAX_STEP_NAME_LENGTH = MAX_RESOURCE_NAME_LENGTH;
/**
 * The most an event's data holds ("Limits", event data size: 32 KiB). Every event of a step carries
 * its name, so a longer name cannot be run: an error.
 */
export const MAX_EVENT_DATA_BYTES = 32 * 1024;

/**
 * A step or state name past MAX_STEP_NAME_LENGTH: its length in characters (code points: an emoji is
 * one) and in UTF-8 bytes, and whether it is past what an event holds; undefined within the length.
 */
export function stepNameOverLimit(name: string): { chars: number; bytes: number; tooLong: boolean } | undefined {
  if (name.length <= MAX_STEP_NAME_LENGTH) return undefined;
  let chars = 0;
  let bytes = 0;
  for (let i = 0; i < name.length; i++, chars++) {
    const c = name.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < name.length && (name.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return chars > MAX_STEP_NAME_LENGTH ? { chars, bytes, tooLong: bytes > MAX_EVENT_DATA_BYTES } : undefined;
}

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

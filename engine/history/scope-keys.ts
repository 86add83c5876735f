/**
 * Replay keys every layer agrees on: the scheduler writes them, the store writes the end of an
 * execution it must end itself (an event it cannot store), and both must name the same fact.
 */

/** The key of the flow's own sequence. */
export const TOP_SCOPE = '$';

/** The key of the event that ends an execution. */
export const EXECUTION_END_KEY = `${TOP_SCOPE}|ExecutionEnd`;

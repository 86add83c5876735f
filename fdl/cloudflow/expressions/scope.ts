/** What an expression is evaluated over: the state's data and the context object, plus injected randomness. */
export interface SmScope {
  /** `$Input`: the state's input (after its InputConstructor, where one applies). */
  Input: unknown;
  /** `$Output`: the task's result; only set while evaluating an OutputConstructor. */
  Output?: unknown;
  /** `$Context`: `{Execution: {Name, Input, RoleArn}, Current: {Name, Input, Output, Error, RetryCount, TaskToken}}`. */
  Context: unknown;
  /** `$Item`: the item of a distributed Map's ItemConstructor; unset elsewhere. */
  Item?: unknown;
  /**
   * A uniform random number in [0, 1), for `randomInt` and `uuid`. Injected so that fdl/ stays pure
   * and tests are deterministic; the engine passes a real source.
   */
  random: () => number;
}

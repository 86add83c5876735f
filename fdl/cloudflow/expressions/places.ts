/**
 * Where an expression stands decides which roots it may read. `$Input` and `$Context` are readable
 * everywhere; `$Output` (the task's result) "can only be used in OutputConstructor"
 * (https://www.alibabacloud.com/help/en/serverless-workflow/latest/input-and-output), which includes a
 * Catch rule's OutputConstructor; `$Item` is the item a distributed Map's ItemConstructor builds from
 * (https://help.aliyun.com/en/document_detail/2851869.html).
 */
import type { SmRoot } from './ast';

export type SmExpressionPlace =
  'InputConstructor' | 'OutputConstructor' | 'CatchOutputConstructor' | 'Parameters' | 'ItemsPath' | 'ItemConstructor' | 'Condition' | 'Seconds' | 'Timeout';

const BASE: readonly SmRoot[] = ['$Input', '$Context'];

export const SM_PLACE_ROOTS: Readonly<Record<SmExpressionPlace, readonly SmRoot[]>> = {
  InputConstructor: BASE,
  OutputConstructor: [...BASE, '$Output'],
  CatchOutputConstructor: [...BASE, '$Output'],
  Parameters: BASE,
  ItemsPath: BASE,
  ItemConstructor: [...BASE, '$Item'],
  Condition: BASE,
  Seconds: BASE,
  Timeout: BASE,
};

/** Pieces of a node's one-line summary shared by both dialects. */

/** The last meaningful part of an ARN: the function (`…/functions/f`), the flow (`…:flow/f`), or the API. */
export function shortResource(arn: string): string {
  const fn = /(?:^|[/:])functions\/([^/\s]+?)(?:\/[^/\s]*)?\s*$/.exec(arn);
  if (fn) return fn[1];
  const flow = /flow\/([^/\s]+)\s*$/.exec(arn);
  if (flow) return flow[1];
  const tail = arn.split(/[/:]/).filter(Boolean).pop();
  return tail ?? arn;
}

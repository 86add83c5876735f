/**
 * Signature v1 of Alibaba Cloud RPC APIs (HMAC-SHA1), as `@alicloud/pop-core` and the tea-style
 * clients send it (FC.md §6.2, Appendix A `verifyRpc`): parameters from the query AND the form
 * body, minus `Signature`, sorted, percent-encoded (RFC 3986), then
 * `METHOD&%2F&enc(canonical)` signed with `secret + "&"`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const percentEncode = (s: string): string =>
  encodeURIComponent(s).replace(/!/g, '%21').replace(/'/g, '%27').replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/\*/g, '%2A');

export function rpcSignature(method: string, params: Record<string, string>, secret: string): string {
  const canonical = Object.keys(params)
    .filter((k) => k !== 'Signature')
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k])}`)
    .join('&');
  const toSign = `${method.toUpperCase()}&${percentEncode('/')}&${percentEncode(canonical)}`;
  return createHmac('sha1', secret + '&')
    .update(toSign)
    .digest('base64');
}

export function signatureMatches(method: string, params: Record<string, string>, secret: string): boolean {
  const given = Buffer.from(params.Signature ?? '');
  const expected = Buffer.from(rpcSignature(method, params, secret));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

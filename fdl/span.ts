/**
 * Where text was written: the two shapes every layer uses to point into a document. Their own
 * module, so the YAML readers (yaml/) and the model (model.ts) both use them without importing
 * each other.
 */

/** Half-open character offsets [start, end) into the document text. */
export interface Span {
  start: number;
  end: number;
}

/** A scalar value together with where it was written. */
export interface Located<T> {
  value: T;
  span: Span;
}

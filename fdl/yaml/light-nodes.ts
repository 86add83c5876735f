/**
 * Cheap constructors for `yaml`'s node classes, for the fast reader.
 *
 * `yaml`'s own constructors mark every node with `Object.defineProperty`, which made building a
 * 5,000-step document cost more than reading it. These functions make genuine instances of the
 * same classes (`instanceof Scalar`, `isScalar`, `toJS`, … all work) whose node-type mark sits
 * on a prototype instead of on each object; `yaml` reads the mark with a plain property access.
 * Likewise `range` is computed on read from three numbers kept on the node (a document has
 * tens of thousands of nodes and few ranges are ever read), and a collection keeps its plain
 * value (`PLAIN`) so the reader's `toJS` needs no side table.
 */
import { Pair, Scalar, YAMLMap, YAMLSeq, type Schema } from 'yaml';

const NODE_TYPE = Symbol.for('yaml.node.type');

type Range = [number, number, number];

/** Offsets behind `range`, and a collection's plain value. */
export interface LightFields {
  s: number;
  e: number;
  e2: number;
  plain?: unknown;
}

const rangeProperty: PropertyDescriptor = {
  get(this: LightFields & { own?: Range }): Range {
    return this.own ?? [this.s, this.e, this.e2];
  },
  set(this: { own?: Range }, r: Range) {
    this.own = r;
  },
};

function withType<T extends object>(proto: T, type: string): T {
  return Object.create(proto, { [NODE_TYPE]: { value: Symbol.for(type) }, range: rangeProperty }) as T;
}

interface LightCtor<T> {
  prototype: T;
}

const ScalarProto = withType(Scalar.prototype, 'yaml.scalar');
const PairProto = withType(Pair.prototype, 'yaml.pair');
const MapProto = withType(YAMLMap.prototype, 'yaml.map');
const SeqProto = withType(YAMLSeq.prototype, 'yaml.seq');

function LightScalar(this: Scalar & LightFields, value: unknown, type: Scalar.Type, source: string, s: number, e: number) {
  this.value = value;
  this.type = type;
  this.source = source;
  this.s = s;
  this.e = e;
  this.e2 = e;
}
(LightScalar as unknown as LightCtor<Scalar>).prototype = ScalarProto;

function LightPair(this: Pair, key: unknown, value: unknown) {
  this.key = key;
  this.value = value;
}
(LightPair as unknown as LightCtor<Pair>).prototype = PairProto;

function LightMap(this: YAMLMap & LightFields, schema: Schema, flow: boolean, plain: unknown) {
  this.schema = schema;
  this.items = [];
  this.plain = plain;
  this.s = this.e = this.e2 = 0;
  if (flow) this.flow = true;
}
(LightMap as unknown as LightCtor<YAMLMap>).prototype = MapProto;

function LightSeq(this: YAMLSeq & LightFields, schema: Schema, flow: boolean, plain: unknown) {
  this.schema = schema;
  this.items = [];
  this.plain = plain;
  this.s = this.e = this.e2 = 0;
  if (flow) this.flow = true;
}
(LightSeq as unknown as LightCtor<YAMLSeq>).prototype = SeqProto;

type New<A extends unknown[], T> = new (...args: A) => T;

export const newScalar = LightScalar as unknown as New<[value: unknown, type: Scalar.Type, source: string, s: number, e: number], Scalar & LightFields>;
export const newPair = LightPair as unknown as New<[key: unknown, value: unknown], Pair>;
export const newMap = LightMap as unknown as New<[schema: Schema, flow: boolean, plain: unknown], YAMLMap & LightFields>;
export const newSeq = LightSeq as unknown as New<[schema: Schema, flow: boolean, plain: unknown], YAMLSeq & LightFields>;
export type { Range };

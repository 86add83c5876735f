/** The source of fdl/schema/generated/schema-validators.js. */
export declare function schemaValidatorsSource(): string;

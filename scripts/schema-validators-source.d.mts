/** Each file of fdl/schema/generated/ that the generator writes, by name, with its source. */
export declare function generatedSchemaSources(): Record<string, string>;

/** Navigation of the FDL model for editor features: where the cursor is, which step, which gotos. */
export * from './cursor-context';
export * from './steps';
export * from './goto-references';
export * from './data-fields';
export * from './name-references';
export * from './scope-states';

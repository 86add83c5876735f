// Types of scripts/code-server-install.mjs for the TypeScript tests that import it.
export declare const CODE_SERVER_VERSION: string;
export declare const defaultCacheDir: string;
export declare function missingBuildPackages(probe?: { has?: (cmd: string) => boolean; exists?: (file: string) => boolean }): string[];
export declare function aptInstallCommand(packages: string[]): string;
export declare function codeServerReady(cacheDir?: string): boolean;
export declare function ensureCodeServer(cacheDir?: string): string;
export declare function readCodeServerVersion(cacheDir?: string): string;

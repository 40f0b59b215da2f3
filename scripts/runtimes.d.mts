// Types of runtimes.mjs, for the TypeScript files (vitest configs, tests) that import it.
export declare const chromiumPath: string
export declare const chromiumLaunchOptions: { executablePath: string; args: string[] }
export declare const runtimesRequired: boolean
export declare function runtimeAvailable(path: string, what: string, howToGet: string): boolean
export declare function chromiumAvailable(what: string): boolean

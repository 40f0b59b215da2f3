// Names that reference snippets in the READMEs use without defining them, as the spec's own
// snippets do: `log` is an open log, `bytes`, `a` and `b` are records. A block that defines one
// of these names itself shadows the declaration here.
declare const log: import('@immuta/core').Immuta
declare const bytes: Uint8Array
declare const a: Uint8Array
declare const b: Uint8Array

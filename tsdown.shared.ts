import type { UserConfig } from 'tsdown'

// What every published package's build shares, so their .d.ts hold the public API only:
// - `stripInternal` drops what is marked `@internal` (constructors, members the log calls), and
//   with it the internal types only they referred to (Writer, NamespaceState, FileIO...);
// - no declaration maps: they would point at src/, which is not shipped. The bundler still ends
//   each .d.ts with a `sourceMappingURL` comment naming a map it does not write: dropped here.
export const publicBuild: Pick<UserConfig, 'dts' | 'plugins'> = {
  dts: { oxc: { stripInternal: true }, sourcemap: false },
  plugins: [
    {
      name: 'immuta:no-dts-map-comment',
      generateBundle(_options, bundle) {
        for (const output of Object.values(bundle)) {
          if (output.type === 'chunk' && output.fileName.endsWith('.d.ts')) {
            output.code = output.code.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n')
          }
        }
      },
    },
  ],
}

import { readFileSync } from 'node:fs'
import type { Command } from './command.js'
import { COMMANDS } from './commands.js'

/** From src/ and from dist/ alike, the package's manifest is one folder up. */
export function version(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
  return manifest.version
}

export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length))
  return [
    'immuta: look inside an immuta log directory',
    '',
    'Usage: immuta <command> <dir> [ns...] [options]',
    '',
    'Commands:',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Every command but import opens the log read-only, as a follower: it takes no lock, never',
    'writes, and works beside a running writer.',
    '',
    'Options: -h, --help (also after a command), --version',
    'Exit codes: 0 ok, 1 verify found corruption or the operation failed, 2 usage error',
    '',
  ].join('\n')
}

export function commandHelp(command: Command): string {
  return [`Usage: ${command.usage}`, '', ...command.help, '', '  -h, --help  this help', ''].join('\n')
}

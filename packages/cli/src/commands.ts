import type { Command } from './command.js'
import { cat } from './commands/cat.js'
import { exportCommand } from './commands/export.js'
import { get } from './commands/get.js'
import { importCommand } from './commands/import.js'
import { stats } from './commands/stats.js'
import { tail } from './commands/tail.js'
import { verify } from './commands/verify.js'

/** Every command, in the order `immuta --help` lists them. */
export const COMMANDS: readonly Command[] = [stats, verify, cat, tail, get, exportCommand, importCommand]

export function commandNamed(name: string): Command | undefined {
  return COMMANDS.find((command) => command.name === name)
}

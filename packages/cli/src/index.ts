export { ExitCode } from './errors.js'
export { type CliStreams, main } from './main.js'

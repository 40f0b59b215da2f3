// Runs the node-fs checks as a plain program in Bun or Deno, over folders the Node test made:
//   bun src/nodeFsRun.ts <fresh> <held> <holderPid>
//   deno run --allow-read=<tmp> --allow-write=<tmp> --allow-ffi ... src/nodeFsRun.ts <fresh> <held> <holderPid>
// With `--without-ffi` first (Deno run without --allow-ffi), only the checks of that case.
import process from 'node:process'
import { type NodeFsFolders, nodeFsChecks, withoutFfiChecks } from './nodeFsScenario.ts'
import { runChecks } from './runChecks.ts'

const args = process.argv.slice(2)
const withoutFfi = args[0] === '--without-ffi'
const [fresh = '', held = '', holderPid = '0'] = withoutFfi ? args.slice(1) : args
const folders: NodeFsFolders = { fresh, held, holderPid: Number(holderPid) }
await runChecks(withoutFfi ? withoutFfiChecks(folders) : nodeFsChecks(folders))

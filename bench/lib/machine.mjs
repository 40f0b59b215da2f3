// What the numbers were measured on: printed first and written with every report.
import { statfsSync } from 'node:fs'
import { cpus, release, totalmem } from 'node:os'

// statfs magic numbers of the filesystems the log is likely to sit on.
const FS_TYPES = new Map([
  [0xef53, 'ext4'],
  [0x01021994, 'tmpfs'],
  [0x58465342, 'xfs'],
  [0x9123683e, 'btrfs'],
  [0x794c7630, 'overlayfs'],
])

/** CPU model and cores, memory, kernel, the filesystem under `root`, Node version, date. */
export function machine(root) {
  const cpu = cpus()
  const fsType = FS_TYPES.get(statfsSync(root).type) ?? 'unknown fs'
  return [
    `${cpu[0]?.model.trim() ?? 'unknown cpu'}, ${cpu.length} cores`,
    `${Math.round(totalmem() / 2 ** 30)} GiB RAM`,
    `Linux ${release()}`,
    `${fsType} (${root.replace(/immuta-bench-.*/, '')})`,
    `Node ${process.version}`,
    `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  ]
}

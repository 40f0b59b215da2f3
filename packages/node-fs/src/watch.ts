import { type FSWatcher, watch } from 'node:fs'

/**
 * Calls `onChange` when the OS reports a change to `path`. Only a hint: events are late, merged
 * or missing on some platforms and on network filesystems, and the engine's followers poll the
 * header anyway. So every failure here (no inotify watches left, a file that vanished, a
 * filesystem without events) is swallowed and leaves polling alone to do the job.
 */
export function watchFile(path: string, onChange: () => void): () => void {
  let watcher: FSWatcher
  try {
    // Not persistent: a hint must not keep the process alive after its log is forgotten.
    watcher = watch(path, { persistent: false }, () => onChange())
  } catch {
    return () => {}
  }
  watcher.on('error', () => watcher.close())
  return () => watcher.close()
}

import { ImmutaError } from '@immuta/core'

/**
 * Splits `a/b/c` into folder names under the origin's root. A name that could leave the folder
 * (`.`, `..`, an empty segment, a backslash) is refused, so a log never reaches beyond it.
 */
export function folderPath(dirName: string): string[] {
  const segments = dirName.split('/')
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..' || segment.includes('\\')) {
      throw new ImmutaError('INVALID_ARGUMENT', `opfs: "${dirName}" is not a folder path (segments separated by "/", none empty, "." or "..")`)
    }
  }
  return segments
}

/** The folder's handle; created along the way unless `create` is false (then a missing folder rejects). */
export async function folderHandle(path: readonly string[], create: boolean): Promise<FileSystemDirectoryHandle> {
  let folder = await navigator.storage.getDirectory()
  for (const segment of path) folder = await folder.getDirectoryHandle(segment, { create })
  return folder
}

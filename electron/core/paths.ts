import path from 'node:path'

/** Whether `file` is `dir` or lies under it (a sibling like `<dir>-evil`, or `<dir>/../x`, does not). */
export function within(dir: string, file: string): boolean {
  const rel = path.relative(path.resolve(dir), path.resolve(file))
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel))
}

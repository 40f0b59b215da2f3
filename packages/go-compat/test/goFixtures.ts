import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, test } from 'vitest'

/**
 * Log directories that the real Go library wrote, each with a `manifest.json` describing them.
 * They live outside the repository (never copied into it): in the folder named by
 * IMMUTA_GO_FIXTURES, or beside the checkout in `../shared/fixtures/go-written`.
 */
export const FIXTURES_ENV = 'IMMUTA_GO_FIXTURES'

const MANIFEST_SCHEMA = 'immuta-fixture-manifest/1'

/** One committed record as the manifest lists it. */
export interface ManifestRecord {
  seq: number
  /** Byte offset of the record's size field (what Go's Append returned). */
  index: number
  /** Stored payload bytes, after Go's write transform. */
  size: number
  /** Hex SHA-256 of the stored payload. */
  sha256: string
  kind: string
  /** The UTF-8 text of a text payload (the plaintext for compressed records). */
  text?: string
  /** For records Go stored through a compression transform: the bytes before it. */
  plaintext_size?: number
  plaintext_sha256?: string
  /** The Go transaction (Append... then Save) that committed it, where the manifest says. */
  txn?: number
}

/** A payload that is not committed: an uncommitted tail append or a rolled-back one. */
export interface ManifestLooseAppend {
  index: number
  size: number
  sha256: string
  text?: string
  complete?: boolean
}

export interface ManifestNamespace {
  file: string
  file_size: number
  file_sha256: string
  header: { count: number; last_index: number }
  /** End offset of the last committed record (16 when empty). */
  committed_length: number
  records: ManifestRecord[]
  /** Bytes past `committed_length` that Go left behind (appends never saved, a failed append). */
  uncommitted_tail?: { offset: number; length: number; appends: ManifestLooseAppend[] }
  rolled_back?: ManifestLooseAppend[]
}

/** A call the Go program made, in order (present in manifests whose fixture needs it). */
export interface ManifestOperation {
  op: 'append' | 'save' | string
  namespace: string
  txn?: number
  returned_index?: number
  returned_size?: number
  payload_sha256?: string
  outcome?: string
}

export interface Manifest {
  schema: string
  fixture: string
  description: string
  namespaces: Record<string, ManifestNamespace>
  operations?: ManifestOperation[]
}

export interface GoFixture {
  /** The fixture's folder name. */
  name: string
  /** Absolute path of the folder: read it, never write to it. */
  dir: string
  manifest: Manifest
  /** The namespace names, in the manifest's order. */
  namespaces: string[]
}

interface Found {
  fixtures: GoFixture[]
  /** Why the suites are skipped; undefined when the fixtures were found. */
  skipReason: string | undefined
}

/**
 * Finds the fixtures. An IMMUTA_GO_FIXTURES that names a missing folder fails loudly rather than
 * skip: whoever set it meant the suite to run. Only a checkout with neither (a user's clone)
 * skips, and says why.
 */
function findFixtures(): Found {
  const fromEnv = process.env[FIXTURES_ENV]
  if (fromEnv) {
    if (!isDirectory(fromEnv)) throw new Error(`${FIXTURES_ENV}=${fromEnv} is not a folder of Go-written fixtures`)
    return { fixtures: loadAll(resolve(fromEnv)), skipReason: undefined }
  }
  const beside = fileURLToPath(new URL('../../../../shared/fixtures/go-written', import.meta.url))
  if (isDirectory(beside)) return { fixtures: loadAll(beside), skipReason: undefined }
  return {
    fixtures: [],
    skipReason: `Go compatibility suites skipped: no Go-written fixtures at ${beside}; set ${FIXTURES_ENV} to the folder that holds them`,
  }
}

function loadAll(root: string): GoFixture[] {
  const fixtures = readdirSync(root)
    .sort()
    .map((name) => join(root, name))
    .filter((dir) => existsSync(join(dir, 'manifest.json')))
    .map(loadFixture)
  if (fixtures.length === 0) throw new Error(`${root} holds no fixture (no */manifest.json)`)
  return fixtures
}

function loadFixture(dir: string): GoFixture {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest
  if (manifest.schema !== MANIFEST_SCHEMA) {
    throw new Error(`${dir}/manifest.json has schema ${manifest.schema}; this suite reads ${MANIFEST_SCHEMA}`)
  }
  return { name: manifest.fixture, dir, manifest, namespaces: Object.keys(manifest.namespaces) }
}

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory()
}

const found = findFixtures()
if (found.skipReason) console.warn(`[@immuta/go-compat] ${found.skipReason}`)

export const goFixtures: readonly GoFixture[] = found.fixtures

/**
 * A suite over the Go fixtures. Without them it registers one skipped test whose name says why,
 * so that the report shows the suite as skipped rather than as passing with nothing in it.
 */
export function describeWithGoFixtures(title: string, body: () => void): void {
  const reason = found.skipReason
  describe.skipIf(reason !== undefined)(title, reason === undefined ? body : () => test(reason, () => undefined))
}

export interface GoNamespace {
  fixture: GoFixture
  ns: string
  spec: ManifestNamespace
  /** `<fixture>/<file>`, to name tests by. */
  title: string
}

/** Every (fixture, namespace) pair, for suites that run once per log file. */
export function goNamespaces(): GoNamespace[] {
  return goFixtures.flatMap((fixture) =>
    fixture.namespaces.map((ns) => {
      const spec = namespaceOf(fixture, ns)
      return { fixture, ns, spec, title: `${fixture.name}/${spec.file}` }
    }),
  )
}

export function namespaceOf(fixture: GoFixture, ns: string): ManifestNamespace {
  const spec = fixture.manifest.namespaces[ns]
  if (!spec) throw new Error(`fixture ${fixture.name} has no namespace ${ns}`)
  return spec
}

/** True when Go stored this namespace through a compression transform (records list a plaintext). */
export function isCompressed(spec: ManifestNamespace): boolean {
  return spec.records.some((record) => record.plaintext_sha256 !== undefined)
}

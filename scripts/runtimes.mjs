// Where the optional runtimes of the test suites live, and what a suite does when one is missing.
// A machine with Node alone runs every other suite and is told, in one line per runtime, what it
// did not run and how to get it. CI sets IMMUTA_REQUIRE_RUNTIMES=1: there a missing runtime fails.
import { existsSync } from 'node:fs'

/** Debian's Chromium, or the browser that IMMUTA_CHROMIUM names. Never a downloaded browser. */
// biome-ignore lint/suspicious/noUndeclaredEnvVars: declared in packages/runtimes/turbo.json, whose test reads it
export const chromiumPath = process.env.IMMUTA_CHROMIUM || '/usr/bin/chromium'

/**
 * How every suite starts Chromium. The machine's network is closed: without the
 * background-networking flags Chromium keeps trying to reach Google's hosts.
 */
export const chromiumLaunchOptions = {
  executablePath: chromiumPath,
  args: [
    '--no-sandbox',
    '--headless',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
}

/** True when CI asked for every runtime to run. */
// biome-ignore lint/suspicious/noUndeclaredEnvVars: declared in packages/runtimes/turbo.json, whose test reads it
export const runtimesRequired = process.env.IMMUTA_REQUIRE_RUNTIMES === '1'

/**
 * True when `path` exists. Otherwise: under IMMUTA_REQUIRE_RUNTIMES=1 it throws (the suite
 * fails); else it prints one line saying what is not run and how to get it, and returns false.
 */
export function runtimeAvailable(path, what, howToGet) {
  if (existsSync(path)) return true
  const line = `${what} not run: ${path} is missing (${howToGet})`
  if (runtimesRequired) throw new Error(`IMMUTA_REQUIRE_RUNTIMES=1 and ${line}`)
  console.warn(`note: ${line}`)
  return false
}

/** Whether Chromium is there for a browser suite (see runtimeAvailable). */
export function chromiumAvailable(what) {
  return runtimeAvailable(chromiumPath, what, 'apt-get install chromium, or set IMMUTA_CHROMIUM to a Chromium binary')
}

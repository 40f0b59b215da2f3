import { execFile } from 'node:child_process'
import type { Server } from 'node:http'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromiumLaunchOptions } from '../../../scripts/runtimes.mjs'
import { serve } from '../serve.mjs'

// Two tabs of one origin, as a person would use the page: one appends from the form, the other
// tails. Debian's Chromium, started by playwright-core against the example served on 127.0.0.1
// (vitest.config.ts runs this file only where Chromium is).
let browser: Browser
let server: Server
let url: string

beforeAll(async () => {
  await promisify(execFile)(process.execPath, [fileURLToPath(new URL('../build.mjs', import.meta.url))])
  ;({ server, url } = await serve())
  browser = await chromium.launch(chromiumLaunchOptions)
})

afterAll(async () => {
  await browser?.close()
  server?.close()
})

const records = (page: Page) => page.locator('#records li').allTextContents()

async function append(page: Page, text: string): Promise<void> {
  const count = (await records(page)).length
  await page.fill('input[name=text]', text)
  await page.click('button')
  // The writer tab tails its own log too: the record is committed once it shows.
  await page.locator('#records li').nth(count).waitFor()
}

describe('examples/opfs in Chromium', () => {
  it('appends from the form in one tab, tails in a second, refuses the second a writer, and keeps the log over a reload', async () => {
    // One context is one profile: both tabs share the origin's private file system and locks.
    const context = await browser.newContext()
    const first = await context.newPage()
    await first.goto(url)
    await first.getByText('this tab is the writer').waitFor()
    await append(first, 'hello')
    await append(first, 'from the first tab')

    const second = await context.newPage()
    await second.goto(url)
    await second.getByText('another tab is the writer').waitFor()
    expect(await second.locator('button').isDisabled()).toBe(true)
    await second.locator('#records li').nth(1).waitFor()

    await append(first, 'seen live')
    await second.locator('#records li').nth(2).waitFor()
    expect(await records(second)).toEqual(['hello', 'from the first tab', 'seen live'])

    await first.reload()
    await first.locator('#records li').nth(2).waitFor()
    expect(await records(first)).toEqual(['hello', 'from the first tab', 'seen live'])
    await context.close()
  })

  it('a second tab becomes the writer when the writer tab closes', async () => {
    const context = await browser.newContext()
    const first = await context.newPage()
    await first.goto(url)
    await first.getByText('this tab is the writer').waitFor()
    const second = await context.newPage()
    await second.goto(url)
    await second.getByText('another tab is the writer').waitFor()
    await first.close()
    await second.getByText('this tab is the writer').waitFor()
    await append(second, 'after the takeover')
    expect(await records(second)).toEqual(['after the takeover'])
    await context.close()
  })
})

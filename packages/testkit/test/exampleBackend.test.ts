import { expect, it } from 'vitest'
import readme from '../README.md?raw'
import { backendConformance } from '../src/index.js'
import { mapBackend } from './exampleBackend.js'
import source from './exampleBackend.ts?raw'

backendConformance({ name: 'the README example, mapBackend', create: () => mapBackend() })

it('is, line for line, the example the README shows', () => {
  expect(readme).toContain(source.trim())
})

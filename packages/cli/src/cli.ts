#!/usr/bin/env node
import { main } from './main.js'

// exitCode, not exit(): stdout may still hold output for a slow pipe.
process.exitCode = await main(process.argv.slice(2))

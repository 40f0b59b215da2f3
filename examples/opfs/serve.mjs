// Serves dist/ on 127.0.0.1 (a secure context, as OPFS and Web Locks need). PORT picks the port.
import { createServer } from 'node:http'
import { readFile } from 'node:fs/promises'
import { extname } from 'node:path'

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' }

/** Starts the server; resolves with its address once it listens. */
export function serve(port = 0) {
  const root = new URL('./dist/', import.meta.url)
  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname
    const file = path === '/' ? 'index.html' : path.slice(1)
    // Only the files the build wrote, by plain name: nothing outside dist/ is ever served.
    if (!/^[\w-]+\.(html|js)$/.test(file)) return void response.writeHead(404).end()
    try {
      const body = await readFile(new URL(file, root))
      response.writeHead(200, { 'content-type': TYPES[extname(file)] }).end(body)
    } catch {
      response.writeHead(404).end()
    }
  })
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}/` }))
  })
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { url } = await serve(Number(process.env.PORT ?? 8080))
  console.log(`open ${url} in two tabs of Chromium: append in one, watch the other tail`)
}

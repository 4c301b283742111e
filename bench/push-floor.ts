/**
 * The push floor's server (issue 17 item 9's rule: the same work with no app code): a bare
 * node:http server, started in the bench's own process beside the app's server, whose one route
 * parses a push body and answers its change ids. It stores nothing and checks nothing, so the
 * push floor times only the browser's reads, JSON and loopback HTTP.
 */
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/** Start the floor server on loopback; `url` answers any POST with `{ acknowledged: ids }`. */
export async function startPushFloorServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((request, response) => {
    void bodyOf(request).then((text) => {
      // The page POSTs text/plain (a simple request: no preflight), from the app's origin.
      const body = JSON.parse(text) as { changes: { id: string }[] }
      response.writeHead(200, {
        'content-type': 'application/json',
        'access-control-allow-origin': '*',
      })
      response.end(JSON.stringify({ acknowledged: body.changes.map((change) => change.id) }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/push`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

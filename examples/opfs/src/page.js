// The page: sends the form's text to this tab's worker, and tails the log on the main thread as
// a read-only follower (getFile() snapshots, woken by the writer's BroadcastChannel posts).
import { Immuta } from '@immuta/core'
import { opfs } from '@immuta/opfs'

const status = document.querySelector('#status')
const form = document.querySelector('#append')
const list = document.querySelector('#records')
const writer = new Worker(new URL('./writer.js', import.meta.url), { type: 'module' })
let tailing = false

writer.onmessage = (event) => {
  const { type } = event.data
  if (type === 'writer') {
    status.textContent = 'this tab is the writer'
    form.querySelector('button').disabled = false
  } else if (type === 'locked') {
    status.textContent = 'another tab is the writer: this one tails (and takes over when that tab closes)'
  }
  // Once some tab's writer opened the log, its file exists and the follower can open it.
  if (!tailing && (type === 'writer' || type === 'locked')) {
    tailing = true
    tail()
  }
}

form.onsubmit = (event) => {
  event.preventDefault()
  writer.postMessage({ text: form.elements.text.value })
  form.reset()
}

async function tail() {
  const log = await Immuta.open({ backend: opfs('example'), namespaces: ['messages'], readOnly: true })
  for await (const record of log.stream('messages', 0)) {
    const item = document.createElement('li')
    item.textContent = new TextDecoder().decode(record.data)
    list.append(item)
  }
}

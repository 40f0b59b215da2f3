export { opfs } from './opfs.js'

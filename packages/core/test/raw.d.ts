// Vite serves any file as a string with `?raw`; the tests use it to compare the README with the code.
declare module '*?raw' {
  const text: string
  export default text
}

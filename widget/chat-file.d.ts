// The chat app's content-hashed file name, known only once it is built: the loader's build resolves
// this module to it (rollup.config.mjs).
declare module 'tandem:chat-file' {
  const file: string
  export default file
}

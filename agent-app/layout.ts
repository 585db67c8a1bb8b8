/** The height of an inbox row in pixels: the windowed list places rows by it. Must match `--row` in agent.css. */
export const ROW_HEIGHT = 80

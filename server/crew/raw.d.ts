/** Vite's `?raw` import: the file's text. The crew page's style is served this way, as a file. */
declare module '*.css?raw' {
  const text: string;
  export default text;
}

/** Vite's `?raw` import: the file's text. The basemap's GeoJSON files arrive this way. */
declare module '*.geojson?raw' {
  const text: string;
  export default text;
}

/** Vite's `?url` import: the URL the built file is served from. */
declare module '*?url' {
  const url: string;
  export default url;
}

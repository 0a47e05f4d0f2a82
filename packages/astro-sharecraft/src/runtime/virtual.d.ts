declare module 'virtual:sharecraft/page-config' {
  const config: import('../page/transform-page.js').PageConfig & { strict: boolean };
  export default config;
}

declare module 'virtual:sharecraft/mount-config' {
  const config: import('../mount/runtime-config.js').MountRuntimeConfig;
  export default config;
}

declare module 'virtual:sharecraft/creations' {
  const gallery: import('../creations/gallery-data.js').GalleryData;
  export default gallery;
}

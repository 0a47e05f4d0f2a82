declare module 'virtual:sharecraft/page-config' {
  const config: import('../page/transform-page.js').PageConfig & { strict: boolean };
  export default config;
}

/** Where the integration leaves its logger for the page middleware, which Astro loads separately. */
export const MIDDLEWARE_LOGGER = Symbol.for('astro-sharecraft.logger');

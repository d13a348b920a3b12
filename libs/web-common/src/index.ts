// Everything here is free of zod at run time: protocol is imported for types only.
export * from './api-client.js';
export * from './api-error.js';
export * from './error-messages.js';
export * from './http.js';
export * from './language.js';

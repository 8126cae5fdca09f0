// Jest loads reporters with plain require (no transform): register tsx's hook, then load the TypeScript.
require('tsx/cjs');
module.exports = require('./results-reporter.ts').default;

// Loaded with `node --require` for tools that would otherwise reach out to the internet (Electronegativity
// checks GitHub for Electron releases): every outbound HTTP(S) request from this process is refused.
// CommonJS on purpose: --require needs a CommonJS module.
/* eslint-disable @typescript-eslint/no-require-imports */
const http = require('http');
const https = require('https');

const refuse = () => {
  throw new Error('network disabled for this run');
};
http.request = refuse;
http.get = refuse;
https.request = refuse;
https.get = refuse;

// Preloaded (NODE_OPTIONS=--require) by scripts/node22.mjs in the test run under Node 22: better-sqlite3's
// addon in node_modules is built for the Node that ran `npm ci` (20), so loading it under Node 22 would fail.
// This sends that one load to the copy built for Node 22 (ALONGSIDE_SQLITE_ADDON); any other addon, and an
// explicit nativeBinding (Electron's), load as usual.
'use strict';
const addon = process.env.ALONGSIDE_SQLITE_ADDON;
if (addon) {
  const dlopen = process.dlopen;
  const npmBuilt = /[\\/]node_modules[\\/]better-sqlite3[\\/]build[\\/]Release[\\/]better_sqlite3\.node$/;
  process.dlopen = function (module, filename, ...rest) {
    return dlopen.call(this, module, npmBuilt.test(filename) ? addon : filename, ...rest);
  };
}

// What a browser bundle may import from the contracts (`@marketshare/contracts/plain`): vocabularies, bounds and the
// order arithmetic, with no schema. The package's main entry builds every TypeBox schema when it loads, which no
// bundler can leave out; a client component that imported a constant from it shipped them all (about 20 kB gzip).
export * from './vocabularies.js';
export * from './limits.js';
export * from './orders.js';

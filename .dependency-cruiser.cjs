// Layers point one way (ARCHITECTURE.md): features → common/, config/, logging/, database/ → libs/.
// `npm run check` runs `depcruise` with this file; tools/layers.spec.ts proves that a wrong-way
// import fails it. CommonJS because dependency-cruiser loads its configuration with require().

/** Folders of apps/api/src that every feature may use and that know no feature. */
const LOWER = '^apps/api/src/(common|config|logging|database|types)/';
/** Tests may compose the application like the server does (the schema test needs every entity). */
const TESTS = '\\.(int-)?spec\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'lower-layer-imports-feature',
      comment:
        'common/, config/, logging/ and database/ are used by every feature and must not know any: ' +
        'pass what they need in (as the entity list is passed to openDatabase) or move the code into the feature.',
      severity: 'error',
      from: { path: LOWER, pathNot: TESTS },
      to: { path: '^apps/api/(src|test)/', pathNot: LOWER },
    },
    {
      name: 'protocol-is-zod-only',
      comment: 'libs/protocol is the wire contract shared with the browser apps: zod and its own files only.',
      severity: 'error',
      from: { path: '^libs/protocol/src/', pathNot: TESTS },
      to: { pathNot: ['^libs/protocol/src/', '^node_modules/zod/'] },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing is a typo or a missing dependency.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};

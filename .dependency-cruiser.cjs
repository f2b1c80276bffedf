// Import-cycle check plus the workspace boundaries, enforced on resolved paths (so a relative
// import across workspaces is caught as well as one by package name).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles make load order fragile.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'shared-is-pure',
      severity: 'error',
      comment: 'shared/ imports no other workspace and no I/O.',
      from: { path: '^shared/' },
      to: {
        path: '^(server|sandbox|app-ui|test|bench)/|node_modules/(express|bullmq|ioredis|pino|prom-client|jose|@contentstack)/',
      },
    },
    {
      name: 'shared-no-node-builtins',
      severity: 'error',
      from: { path: '^shared/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'server-not-sandbox-or-ui',
      severity: 'error',
      from: { path: '^server/', pathNot: '[.]test[.]ts$' },
      to: { path: '^(sandbox|app-ui|test|bench)/' },
    },
    {
      name: 'server-tests-use-test-support-only',
      severity: 'error',
      comment:
        "The server's own tests share test/support (the Redis default, signing keys) and nothing else outside server/.",
      from: { path: '^server/.+[.]test[.]ts$' },
      to: { path: '^(sandbox|app-ui|test|bench)/', pathNot: '^test/support/' },
    },
    {
      name: 'test-suites-independent',
      severity: 'error',
      comment: 'A suite uses its own files and test/support: what two suites share lives in test/support.',
      from: { path: '^test/([^/]+)/', pathNot: '^test/support/' },
      to: { path: '^test/', pathNot: ['^test/$1/', '^test/support/'] },
    },
    {
      name: 'test-support-is-below-the-suites',
      severity: 'error',
      from: { path: '^test/support/' },
      to: { path: '^test/', pathNot: '^test/support/' },
    },
    {
      name: 'bench-uses-test-support-only',
      severity: 'error',
      from: { path: '^bench/' },
      to: { path: '^test/', pathNot: '^test/support/' },
    },
    {
      name: 'sandbox-independent',
      severity: 'error',
      from: { path: '^sandbox/' },
      to: { path: '^(shared|server|app-ui|test|bench)/' },
    },
    {
      name: 'ui-over-http-only',
      severity: 'error',
      from: { path: '^app-ui/' },
      to: { path: '^(server|sandbox|test|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|coverage|artifacts)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    combinedDependencies: false,
    preserveSymlinks: false,
  },
};

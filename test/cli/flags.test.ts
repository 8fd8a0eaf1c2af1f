// kubectl's input habits through the built CLI: options before the command name, -f comma lists,
// -R. Each form must give exactly the answer of the form rbac already took.
import { describe, expect, test } from 'vitest';
import { rbac, expectSameRun } from '../helpers/cli.js';

const TEACH = 'samples/worlds/teaching.yaml';
const KYVERNO = 'samples/addons/kyverno.yaml';

describe('the same answer, whatever the order and spelling of the input flags', () => {
  test.each([
    ['options before who-can', ['-n', 'prod', '-f', TEACH, '-q', 'who-can', 'get', 'secrets'], ['who-can', 'get', 'secrets', '-n', 'prod', '-f', TEACH, '-q']],
    ['--flag=value and -fVALUE before the command', ['--namespace=prod', `-f${TEACH}`, '-q', 'who-can', 'get', 'secrets'], ['who-can', 'get', 'secrets', '-n', 'prod', '-f', TEACH, '-q']],
    ['options before can, with --as', ['--as', 'jane', '--as-group', 'devs', '-f', TEACH, '-q', 'can', 'get', 'pods', '-n', 'prod'], ['can', 'user:jane', '--group', 'devs', 'get', 'pods', '-n', 'prod', '-f', TEACH, '-q']],
    ['an option value that is a command name', ['-n', 'can', '-f', TEACH, '-q', 'can', 'jane', 'get', 'pods'], ['can', 'jane', 'get', 'pods', '-n', 'can', '-f', TEACH, '-q']],
    ['options before and after', ['-f', TEACH, 'what-can', 'sa:prod:deployer', '-q', '-o', 'json'], ['what-can', 'sa:prod:deployer', '-f', TEACH, '-q', '-o', 'json']],
    ['-f a,b is -f a -f b', ['who-can', 'get', 'secrets', '-A', '-f', `${TEACH},${KYVERNO}`, '-q'], ['who-can', 'get', 'secrets', '-A', '-f', TEACH, '-f', KYVERNO, '-q']],
    ['-f a,b before the command', ['-f', `${TEACH},${KYVERNO}`, 'who-can', 'get', 'secrets', '-q'], ['who-can', 'get', 'secrets', '-f', TEACH, '-f', KYVERNO, '-q']],
    ['-R: folders are read recursively anyway', ['who-can', 'get', 'secrets', '-R', '-f', 'samples/kubernetes-bootstrap', '-q'], ['who-can', 'get', 'secrets', '-f', 'samples/kubernetes-bootstrap', '-q']],
    ['--recursive on what-can', ['what-can', 'jane', '--recursive', '-f', 'samples/worlds', '-q'], ['what-can', 'jane', '-f', 'samples/worlds', '-q']],
    ['snapshot -f a,b', ['snapshot', '-f', `${TEACH},${KYVERNO}`, '-q'], ['snapshot', '-f', TEACH, '-f', KYVERNO, '-q']],
  ])('%s', (_what, args, reference) => {
    expectSameRun(args, reference);
  });

  test.each([
    [['who-can', 'get', 'pods', '-f', `${TEACH},,${KYVERNO}`], 'error: -f samples/worlds/teaching.yaml,,samples/addons/kyverno.yaml: an empty path in the comma list'],
    [['--bogus', 'who-can', 'get', 'pods'], "error: unknown option '--bogus'"],
    [['--as', 'jane', 'who-can', 'get', 'pods', '-f', TEACH], "error: unknown option '--as'"],
  ])('rbac %j is a usage error (exit 2)', (args, message) => {
    const r = rbac(args);
    expect(r.stderr).toContain(message);
    expect(r.code).toBe(2);
  });
});

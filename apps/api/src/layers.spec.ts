import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from './config/project-root.js';
import { tempDir } from '../test/harness.js';

const run = promisify(execFile);

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

/**
 * The self-test of the layer rule `npm run check` enforces (.dependency-cruiser.cjs): the real
 * configuration, run by the real tool on a small tree of planted imports, must flag exactly the
 * wrong-way ones.
 */
describe('the layer check', () => {
  const tree = tempDir('atrio-layers-');
  let violations: Violation[];

  beforeAll(async () => {
    const files: Record<string, string> = {
      'tsconfig.json': JSON.stringify({
        compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' },
      }),
      'apps/api/src/rooms/room.service.ts':
        "import { clock } from '../common/clock.js';\nexport const room = clock;\n",
      'apps/api/src/common/clock.ts': 'export const clock = 1;\n',
      'apps/api/src/common/wrong-way.ts':
        "import { room } from '../rooms/room.service.js';\nexport const x = room;\n",
      'apps/api/src/database/data-source.ts':
        "import { clock } from '../common/clock.js';\nimport { room } from '../rooms/room.service.js';\nexport const y = [clock, room];\n",
      'apps/api/src/database/schema.int-spec.ts':
        "import { room } from '../rooms/room.service.js';\nexport const z = room;\n",
      'libs/protocol/src/rooms.ts': "import { other } from './other.js';\nexport const rooms = other;\n",
      'libs/protocol/src/other.ts':
        "import { readFileSync } from 'node:fs';\nexport const other = readFileSync;\n",
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(tree.path, path)), { recursive: true });
      writeFileSync(join(tree.path, path), text);
    }
    const root = PROJECT_ROOT;
    const cli = join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
    const config = join(root, '.dependency-cruiser.cjs');
    // depcruise exits non-zero when it finds violations: the JSON report is read either way.
    const output = await run(
      process.execPath,
      [cli, '--config', config, '--output-type', 'json', 'apps', 'libs'],
      {
        cwd: tree.path,
      },
    ).catch((error: { stdout: string }) => error);
    violations = (JSON.parse(output.stdout) as { summary: { violations: Violation[] } }).summary.violations;
  }, 60_000);

  afterAll(() => tree.remove());

  const found = () => violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();

  it('flags a lower layer importing a feature and protocol importing anything but zod, nothing else', () => {
    expect(found()).toEqual([
      'lower-layer-imports-feature: apps/api/src/common/wrong-way.ts → apps/api/src/rooms/room.service.ts',
      'lower-layer-imports-feature: apps/api/src/database/data-source.ts → apps/api/src/rooms/room.service.ts',
      'protocol-is-zod-only: libs/protocol/src/other.ts → fs',
    ]);
  });
});

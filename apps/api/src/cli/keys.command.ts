import { KeyRotationService } from '../encryption/key-rotation.service.js';
import type { Register } from './command-kit.js';
import { EXIT } from './exit-codes.js';
import { fields } from './output.js';

export const registerKeysCommands: Register = (program, act) => {
  const keys = program.command('keys').description('encryption at rest: the key ring in the data dir');

  keys
    .command('rotate')
    .description(
      'add a new key and re-encrypt every sealed value under it; old keys stay readable until done',
    )
    .action(
      act(async (run) => {
        const progress = run.progress('re-encrypting');
        const result = await (
          await run.get(KeyRotationService)
        )
          .rotate(null, (done, total, label) => progress.update(done, total, label))
          .finally(() => progress.stop());
        const ok = result.failed === 0 && result.remaining === 0;
        const text =
          fields([
            ['new key', result.keyId],
            ['re-encrypted', result.resealed],
            ['failed', result.failed],
            ['still under older keys', result.remaining],
            ['retired keys', result.retiredKeyIds.join(', ') || 'none'],
          ]) +
          (ok ? '' : 'Some values could not be re-encrypted; see the log, then run keys rotate again.\n');
        return { data: result, text, exitCode: ok ? EXIT.ok : EXIT.failed };
      }),
    );
};

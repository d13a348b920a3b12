let loading: Promise<ReadonlySet<string>> | undefined;

/**
 * The ~50 000 most common passwords of zxcvbn-ts, lower-cased. Imported on first use: the package
 * decompresses its lists when loaded, which start-up and most requests never need.
 */
export function commonPasswords(): Promise<ReadonlySet<string>> {
  loading ??= import('@zxcvbn-ts/language-common').then(
    ({ dictionary }) => new Set(dictionary['passwords-common'].map((password) => password.toLowerCase())),
  );
  return loading;
}

/**
 * The readable part of a summary while the model is still writing it: the model streams JSON
 * (`{"summary":"…","keyPoints":[…`), so show the `summary` text written so far, unescaped, and
 * nothing of the brackets around it.
 */
export function partialSummary(raw: string): string {
  const start = /"summary"\s*:\s*"/.exec(raw);
  if (!start) return '';
  let text = '';
  for (let i = start.index + start[0].length; i < raw.length; i += 1) {
    const c = raw[i]!;
    if (c === '"') break;
    if (c !== '\\') {
      text += c;
      continue;
    }
    const next = raw[i + 1];
    if (next === undefined) break; // an escape cut in half: wait for the rest
    if (next === 'u') {
      const hex = raw.slice(i + 2, i + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) break;
      text += String.fromCharCode(parseInt(hex, 16));
      i += 5;
      continue;
    }
    text += ESCAPES[next] ?? next;
    i += 1;
  }
  return text;
}

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '',
  b: '',
  f: '',
  '"': '"',
  '\\': '\\',
  '/': '/',
};

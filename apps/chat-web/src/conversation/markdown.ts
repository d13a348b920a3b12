/**
 * Markdown-lite for chat messages: **bold**, *italics* (or _italics_), `code`, ```code blocks```,
 * http(s) links (bare or [text](url)) and @mentions. The result is a tree of plain data that
 * Markdown.tsx turns into React elements, so message text is never parsed as HTML: a `<script>`
 * typed in a message is shown as the characters `<script>`.
 */
export type MdNode =
  | { type: 'text'; text: string }
  | { type: 'break' }
  | { type: 'bold'; children: MdNode[] }
  | { type: 'italic'; children: MdNode[] }
  | { type: 'code'; text: string }
  | { type: 'codeblock'; text: string }
  | { type: 'link'; href: string; text: string }
  | { type: 'mention'; name: string };

const MAX_DEPTH = 3;

const INLINE = new RegExp(
  [
    /(`+)([^`\n]+?)\1(?!`)/.source, // 1,2 code
    /\*\*(?=\S)([^\n]*?\S)\*\*/.source, // 3 bold
    /\*(?=[^\s*])([^*\n]*?[^\s*])\*/.source, // 4 italic
    /(?<![\p{L}\p{N}_])_(?=[^\s_])([^_\n]*?[^\s_])_(?![\p{L}\p{N}_])/u.source, // 5 italic
    /\[([^\]\n]{1,300})\]\((https?:\/\/[^\s()]+)\)/.source, // 6,7 link with text
    /\b(https?:\/\/[^\s<>"'`]+)/.source, // 8 bare link
    /(?<![\p{L}\p{N}._-])@([a-z0-9][a-z0-9._-]{1,63})/u.source, // 9 mention
  ].join('|'),
  'giu',
);

/** Only web links are links; anything else (javascript:, data:, file:) stays text. */
export function safeHref(candidate: string): string | null {
  try {
    const url = new URL(candidate);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** A bare URL does not swallow the punctuation that ends the sentence around it. */
function trimUrl(url: string): string {
  let end = url.length;
  while (end > 0 && /[.,;:!?)\]}'"»]/.test(url[end - 1]!)) {
    if (url[end - 1] === ')' && countOf(url.slice(0, end), '(') >= countOf(url.slice(0, end), ')')) break;
    end--;
  }
  return url.slice(0, end);
}

const countOf = (text: string, char: string) => text.split(char).length - 1;

function pushText(nodes: MdNode[], text: string): void {
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    if (index > 0) nodes.push({ type: 'break' });
    if (!line) return;
    const last = nodes.at(-1);
    if (last?.type === 'text') last.text += line;
    else nodes.push({ type: 'text', text: line });
  });
}

function parseInline(text: string, depth: number): MdNode[] {
  const nodes: MdNode[] = [];
  if (depth > MAX_DEPTH) {
    pushText(nodes, text);
    return nodes;
  }
  let index = 0;
  for (const match of text.matchAll(INLINE)) {
    const start = match.index;
    if (start < index) continue;
    let consumed = match[0];
    let node: MdNode | null = null;
    if (match[2] !== undefined) node = { type: 'code', text: match[2] };
    else if (match[3] !== undefined) node = { type: 'bold', children: parseInline(match[3], depth + 1) };
    else if (match[4] !== undefined) node = { type: 'italic', children: parseInline(match[4], depth + 1) };
    else if (match[5] !== undefined) node = { type: 'italic', children: parseInline(match[5], depth + 1) };
    else if (match[6] !== undefined && match[7] !== undefined) {
      const href = safeHref(match[7]);
      if (href) node = { type: 'link', href, text: match[6] };
    } else if (match[8] !== undefined) {
      consumed = trimUrl(match[8]);
      const href = safeHref(consumed);
      if (href) node = { type: 'link', href, text: consumed };
    } else if (match[9] !== undefined) {
      const name = match[9].replace(/[._-]+$/, '');
      consumed = `@${name}`;
      node = { type: 'mention', name };
    }
    if (!node) continue;
    pushText(nodes, text.slice(index, start));
    nodes.push(node);
    index = start + consumed.length;
  }
  pushText(nodes, text.slice(index));
  return nodes;
}

/** Parses a message body; fenced ``` blocks first, the rest inline. */
export function parseMarkdown(body: string): MdNode[] {
  const nodes: MdNode[] = [];
  const fence = /```[^\S\n]*\n?([\s\S]*?)\n?```/g;
  let index = 0;
  for (const match of body.matchAll(fence)) {
    nodes.push(...parseInline(body.slice(index, match.index), 0));
    nodes.push({ type: 'codeblock', text: match[1]! });
    index = match.index + match[0].length;
  }
  nodes.push(...parseInline(body.slice(index), 0));
  return nodes;
}

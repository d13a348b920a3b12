import { Fragment, type ReactNode } from 'react';
import { parseMarkdown, type MdNode } from './markdown';

export function renderNodes(nodes: MdNode[], me?: string): ReactNode[] {
  return nodes.map((node, key) => {
    switch (node.type) {
      case 'text':
        return <Fragment key={key}>{node.text}</Fragment>;
      case 'break':
        return <br key={key} />;
      case 'bold':
        return <strong key={key}>{renderNodes(node.children, me)}</strong>;
      case 'italic':
        return <em key={key}>{renderNodes(node.children, me)}</em>;
      case 'code':
        return <code key={key}>{node.text}</code>;
      case 'codeblock':
        return (
          <pre key={key}>
            <code>{node.text}</code>
          </pre>
        );
      case 'link':
        return (
          <a key={key} href={node.href} target="_blank" rel="noopener noreferrer nofollow">
            {node.text}
          </a>
        );
      case 'mention':
        return (
          <span key={key} className={node.name === me ? 'mention mention-me' : 'mention'}>
            @{node.name}
          </span>
        );
    }
  });
}

export function Markdown({ body, me }: { body: string; me?: string }) {
  return <>{renderNodes(parseMarkdown(body), me)}</>;
}

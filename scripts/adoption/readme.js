/*
 * Reads the install snippets from the root README's "Adding the plugins to
 * your Backstage" section, so the adoption test applies what adopters read.
 */
'use strict';

const fs = require('node:fs');

const SECTION = '## Adding the plugins to your Backstage';

function codeBlocks(markdown) {
  const blocks = [];
  const fence = /^```(\w*)\n([\s\S]*?)^```$/gm;
  let match;
  while ((match = fence.exec(markdown))) {
    blocks.push({ lang: match[1], body: match[2] });
  }
  return blocks;
}

/** The install section's snippets, each checked for the shape the test needs. */
function readInstallSnippets(readmePath) {
  const text = fs.readFileSync(readmePath, 'utf8');
  const start = text.indexOf(SECTION);
  if (start < 0) {
    throw new Error(`${readmePath}: no "${SECTION}" section`);
  }
  const next = text.indexOf('\n## ', start + SECTION.length);
  const section = text.slice(start, next < 0 ? undefined : next);
  const blocks = codeBlocks(section);
  const one = (lang, what) => {
    const found = blocks.filter(b => b.lang === lang);
    if (found.length !== 1) {
      throw new Error(
        `${readmePath} (${SECTION}): expected one \`\`\`${lang} block (${what}), found ${found.length}`,
      );
    }
    return found[0].body;
  };
  const yarnAdd = one('sh', 'the yarn add lines')
    .split('\n')
    .filter(line => /^yarn .* add /.test(line));
  const diff = one('diff', 'the backend lines').split('\n');
  const release =
    /supports \*\*Backstage (\d+\.\d+)\*\* \(`backstage.json`: `([\d.]+)`\)/.exec(
      section,
    );
  return {
    yarnAdd,
    removed: diff.filter(l => l.startsWith('-')).map(l => l.slice(1)),
    added: diff.filter(l => l.startsWith('+')).map(l => l.slice(1)),
    appConfig: one('yaml', 'the app-config.yaml addition'),
    release: release && { minor: release[1], version: release[2] },
  };
}

/** A regex matching a statement however prettier wrapped it (and its trailing commas). */
function statementPattern(statement) {
  const chars = [...statement.replace(/\s+/g, '')].map(c => {
    const escaped = c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return c === ')' ? `,?\\s*${escaped}` : escaped;
  });
  return new RegExp(`^[ \\t]*${chars.join('\\s*')}[ \\t]*\\n`, 'm');
}

/** Non-blank lines that are not only a comment. */
function countWiringLines(lines) {
  return lines.filter(l => l.trim() && !/^\s*(#|\/\/)/.test(l)).length;
}

module.exports = { readInstallSnippets, statementPattern, countWiringLines };

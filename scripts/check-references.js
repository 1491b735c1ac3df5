#!/usr/bin/env node
// Fails (exit 1) when the repository points at something it does not contain:
//   - a Markdown link (or a `#heading` in another Markdown file) that does not resolve;
//   - a `.md` document named in a comment, a README or any text file that does not exist;
//   - a reference outside the repository: the design folder beside a build machine's checkout,
//     or an absolute path of a build machine (a home directory, a CI workspace);
//   - a Node version in the Dockerfile other than the one package.json's "engines" names.
//
//   node scripts/check-references.js [root]      (CI runs it through `npm run docs:check`)
'use strict';
const { existsSync, readdirSync, readFileSync, statSync } = require('node:fs');
const { dirname, join, relative, resolve, sep } = require('node:path');

const root = resolve(process.argv[2] ?? join(__dirname, '..'));
const SKIP_DIRS = new Set(['node_modules', 'dist', 'coverage', '.git', '.data']);
const SKIP_FILES = new Set(['package-lock.json']);
const TEXT = /\.(ts|js|mjs|cjs|md|ya?ml|json|sh|txt)$|^(Dockerfile|\.env\.example|run)$/;
const SELF = relative(root, __filename);

// Built from pieces so that this file does not match itself.
const FORBIDDEN = [
  { pattern: new RegExp(['\\.\\.', 'shared'].join('/')), why: 'points at a folder beside the repository' },
  {
    pattern: new RegExp(['shared', 'design'].join('/')),
    why: 'names the design folder, which is not in the repository',
  },
  {
    pattern: new RegExp(['PERFORMANCE', 'NOTES'].join('-')),
    why: 'cites notes that are not in the repository (say what they said, or measure it)',
  },
  {
    pattern:
      /(^|[\s`'"(=:])\/(work|home\/[a-z_][\w-]*|Users\/[A-Za-z]|root\/|builds?\/|runner\/|github\/workspace)/,
    why: 'names an absolute path of a build machine',
  },
  { pattern: /[A-Z]:\\(Users|work|src)\\/, why: 'names an absolute path of a build machine' },
];

function walk(dir, files = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) walk(join(dir, entry.name), files);
    } else if (TEXT.test(entry.name) && !SKIP_FILES.has(entry.name)) {
      files.push(join(dir, entry.name));
    }
  }
  return files;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading) {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[`*_]/g, '')
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');
}

const anchorCache = new Map();
function anchorsOf(file) {
  if (!anchorCache.has(file)) {
    const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
    const seen = new Map();
    const anchors = new Set();
    for (const match of text.matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)) {
      const base = slug(match[1]);
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      anchors.add(n === 0 ? base : `${base}-${n}`);
    }
    anchorCache.set(file, anchors);
  }
  return anchorCache.get(file);
}

function lineOf(text, index) {
  return text.slice(0, index).split('\n').length;
}

/** A path as written, resolved against the file's folder, then (for bare names) the root. */
function resolveTarget(file, target) {
  const candidates = [resolve(dirname(file), target)];
  if (!target.startsWith('.')) candidates.push(resolve(root, target));
  return candidates.find((c) => existsSync(c) && (c === root || c.startsWith(root + sep)));
}

function checkMarkdownLinks(file, text, problems) {
  const prose = text.replace(/```[\s\S]*?```/g, (block) => block.replace(/[^\n]/g, ' '));
  const links = [
    ...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g),
    ...prose.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/gm),
  ];
  for (const match of links) {
    const target = match[1];
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // http:, https:, mailto:
    const [path, anchor] = target.split('#');
    const where = `${relative(root, file)}:${lineOf(prose, match.index)}`;
    const resolved = path === '' ? file : resolveTarget(file, decodeURI(path));
    if (!resolved) {
      problems.push(`${where}: link to ${target}, which is not in the repository`);
      continue;
    }
    if (
      anchor &&
      resolved.endsWith('.md') &&
      statSync(resolved).isFile() &&
      !anchorsOf(resolved).has(anchor)
    ) {
      problems.push(`${where}: link to ${target}, but ${relative(root, resolved)} has no such heading`);
    }
  }
}

/**
 * Only the comments of a source file (everything else blanked, lines kept): a document a comment
 * names must exist, while strings and code are the program's business.
 */
function commentsOnly(text) {
  let out = '';
  let i = 0;
  const blank = (s) => s.replace(/[^\n]/g, ' ');
  while (i < text.length) {
    const two = text.slice(i, i + 2);
    if (two === '//') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      out += text.slice(i, stop);
      i = stop;
    } else if (two === '/*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      out += text.slice(i, stop);
      i = stop;
    } else if (text[i] === "'" || text[i] === '"' || text[i] === '`') {
      const quote = text[i];
      let j = i + 1;
      while (j < text.length && text[j] !== quote && !(quote !== '`' && text[j] === '\n'))
        j += text[j] === '\\' ? 2 : 1;
      out += blank(text.slice(i, j + 1));
      i = j + 1;
    } else {
      out += text[i] === '\n' ? '\n' : ' ';
      i++;
    }
  }
  return out;
}

function checkDocumentNames(file, text, problems) {
  if (/\.(ts|js|mjs|cjs)$/.test(file)) text = commentsOnly(text);
  // Link targets in Markdown are checked as links.
  if (file.endsWith('.md')) text = text.replace(/\]\([^)]*\)/g, (link) => link.replace(/[^\n]/g, ' '));
  for (const match of text.matchAll(/(?<![\w/.@-])((?:\.{1,2}\/)*[\w.-]+(?:\/[\w.-]+)*\.md)\b/g)) {
    const name = match[1];
    if (/^https?:/.test(name)) continue;
    if (!resolveTarget(file, name)) {
      problems.push(
        `${relative(root, file)}:${lineOf(text, match.index)}: names ${name}, which is not in the repository`,
      );
    }
  }
}

function checkNodeVersion(problems) {
  const pkgFile = join(root, 'package.json');
  const dockerfile = join(root, 'Dockerfile');
  if (!existsSync(pkgFile) || !existsSync(dockerfile)) return;
  const engines = JSON.parse(readFileSync(pkgFile, 'utf8')).engines?.node ?? '';
  const engineMajor = /^\^?(\d+)\./.exec(engines)?.[1];
  const images = [...readFileSync(dockerfile, 'utf8').matchAll(/\bnode:(\d+)[\w.-]*/g)].map((m) => m[1]);
  if (!engineMajor)
    problems.push(`package.json: engines.node "${engines}" names no single major version (e.g. ^20.19.0)`);
  for (const major of new Set(images)) {
    if (engineMajor && major !== engineMajor)
      problems.push(
        `Dockerfile: builds on Node ${major}, but package.json's engines say Node ${engineMajor}`,
      );
  }
  if (images.length === 0) problems.push('Dockerfile: names no node:<version> image');
}

function main() {
  const problems = [];
  const files = walk(root);
  for (const file of files) {
    if (relative(root, file) === SELF) continue;
    const text = readFileSync(file, 'utf8');
    for (const { pattern, why } of FORBIDDEN) {
      const global = new RegExp(
        pattern.source,
        pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`,
      );
      for (const match of text.matchAll(global)) {
        problems.push(`${relative(root, file)}:${lineOf(text, match.index)}: ${why}`);
      }
    }
    if (file.endsWith('.md')) checkMarkdownLinks(file, text, problems);
    checkDocumentNames(file, text, problems);
  }
  checkNodeVersion(problems);
  const unique = [...new Set(problems)];
  if (unique.length) {
    process.stderr.write(
      `references: ${unique.length} problem(s)\n${unique.map((p) => `  - ${p}`).join('\n')}\n`,
    );
    process.exit(1);
  }
  process.stdout.write(`references: ${files.length} files checked, every reference resolves\n`);
}

main();

import express, { NextFunction, Request, Response, Router } from 'express';
import {
  diffCommits,
  listCommits,
  listTree,
  mergeBase,
  readBlob,
  resolveCommit,
} from './git';
import { GitLabError, loadProject } from './project';
import { EmulatorStore } from './store';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);

/** Tagged template: interpolations are escaped unless wrapped in `raw()`. */
class Raw {
  constructor(readonly markup: string) {}
}
const raw = (markup: string) => new Raw(markup);
const escapeValue = (v: unknown) =>
  v instanceof Raw ? v.markup : escapeHtml(String(v ?? ''));
function html(strings: TemplateStringsArray, ...values: unknown[]): Raw {
  return raw(
    strings.reduce((out, s, i) => {
      const v = values[i - 1];
      const text = Array.isArray(v)
        ? v
            .map(x => (x instanceof Raw ? x.markup : escapeHtml(String(x))))
            .join('')
        : escapeValue(v);
      return out + text + s;
    }),
  );
}

const page = (title: string, body: Raw) =>
  html`<!DOCTYPE html>
    <html>
      <head>
        <meta charset="utf-8" />
        <title>${title} · GitLab EMULATOR</title>
        <style>
          body {
            font-family: sans-serif;
            margin: 2em;
            max-width: 70em;
          }
          pre {
            background: #f6f6f6;
            padding: 1em;
            overflow: auto;
          }
          .add {
            color: #1a7f37;
          }
          .del {
            color: #cf222e;
          }
          .banner {
            background: #fff3cd;
            padding: 0.5em 1em;
            border: 1px solid #e0c36b;
          }
        </style>
      </head>
      <body>
        <p class="banner">
          GitLab <strong>EMULATOR</strong> for tests and demos: not GitLab.
        </p>
        <p><a href="/">All projects</a></p>
        <h1>${title}</h1>
        ${body}
      </body>
    </html>`.markup;

const diffClass = (line: string) => {
  if (line.startsWith('+')) return 'add';
  if (line.startsWith('-')) return 'del';
  return '';
};
const diffHtml = (diff: string) =>
  raw(
    diff
      .split('\n')
      .map(l => `<span class="${diffClass(l)}">${escapeHtml(l)}</span>`)
      .join('\n'),
  );

/** Pages for people: the projects, a project's files, commits and merge requests, a merge request's diff, a file. */
export function createWebRouter(
  store: EmulatorStore,
  baseUrlOf: (req: Request) => string,
): Router {
  const router = express.Router();
  const get = (path: string, handler: (req: Request) => Promise<string>) =>
    router.get(
      path,
      async (req: Request, res: Response, next: NextFunction) => {
        try {
          res.type('text/html; charset=utf-8').send(await handler(req));
        } catch (e) {
          if (e instanceof GitLabError)
            res
              .status(e.status)
              .type('text/plain')
              .send(`${e.status} Not Found\n`);
          else next(e);
        }
      },
    );
  const project = (req: Request) =>
    loadProject(
      store,
      `${req.params.namespace}/${req.params.project}`,
      baseUrlOf(req),
    );

  get('/', async () =>
    page(
      'Projects',
      html`<ul>
        ${store.projects().map(
          p =>
            html`<li>
              <a href="/${p.namespacePath}/${p.path}"
                >${p.namespacePath}/${p.path}</a
              >
            </li>`,
        )}
      </ul>`,
    ),
  );

  get('/:namespace/:project', async req => {
    const ctx = await project(req);
    const head =
      ctx.defaultBranch && (await resolveCommit(ctx.gitDir, ctx.defaultBranch));
    const files = head
      ? (await listTree(ctx.gitDir, head, { recursive: true })).filter(
          e => e.type === 'blob',
        )
      : [];
    const commits = head
      ? await listCommits(ctx.gitDir, head, { limit: 20 })
      : [];
    const mrs = store.mergeRequests(ctx.project.id).reverse();
    return page(
      ctx.fullPath,
      html` <p>
          Clone: <code>${ctx.webUrl}.git</code> · default branch:
          ${ctx.defaultBranch ?? '(empty repository)'}
        </p>
        <h2>Files</h2>
        <ul>
          ${files.map(
            f =>
              html`<li>
                <a
                  href="/${ctx.fullPath}/-/blob/${ctx.defaultBranch!}/${f.path}"
                  >${f.path}</a
                >
              </li>`,
          )}
        </ul>
        <h2>Commits</h2>
        <ul>
          ${commits.map(
            c =>
              html`<li>
                <code>${c.id.slice(0, 8)}</code> ${c.message.split('\n')[0]} ·
                ${c.authorName} · ${c.committedDate}
              </li>`,
          )}
        </ul>
        <h2>Merge requests</h2>
        <ul>
          ${mrs.map(
            m =>
              html`<li>
                <a href="/${ctx.fullPath}/-/merge_requests/${m.iid}"
                  >!${m.iid} ${m.title}</a
                >
                (${m.sourceBranch} → ${m.targetBranch}, ${m.state})
              </li>`,
          )}
        </ul>`,
    );
  });

  get('/:namespace/:project/-/merge_requests/:iid', async req => {
    const ctx = await project(req);
    const mr = store
      .mergeRequests(ctx.project.id)
      .find(m => String(m.iid) === req.params.iid);
    if (!mr) throw new GitLabError(404, { message: '404 Not found' });
    const source = await resolveCommit(
      ctx.gitDir,
      `refs/heads/${mr.sourceBranch}`,
    );
    const target = await resolveCommit(
      ctx.gitDir,
      `refs/heads/${mr.targetBranch}`,
    );
    const base =
      source && target
        ? (await mergeBase(ctx.gitDir, target, source)) ?? target
        : undefined;
    const diffs =
      source && base ? await diffCommits(ctx.gitDir, base, source) : [];
    return page(
      `!${mr.iid} ${mr.title}`,
      html` <p>
          <a href="/${ctx.fullPath}">${ctx.fullPath}</a> · ${mr.sourceBranch} →
          ${mr.targetBranch} · ${mr.state}
        </p>
        <pre>${mr.description ?? ''}</pre>
        <h2>Changes</h2>
        ${diffs.map(
          d =>
            html`<h3>
                ${d.renamed_file
                  ? `${d.old_path} → ${d.new_path}`
                  : d.new_path}${d.new_file ? ' (new)' : ''}${d.deleted_file
                  ? ' (deleted)'
                  : ''}
              </h3>
              <pre>${diffHtml(d.diff)}</pre>`,
        )}`,
    );
  });

  get('/:namespace/:project/-/blob/:ref/*', async req => {
    const ctx = await project(req);
    const commit = await resolveCommit(ctx.gitDir, req.params.ref);
    const filePath = (req.params as Record<string, string>)[0];
    const blob = commit && (await readBlob(ctx.gitDir, commit, filePath));
    if (!blob) throw new GitLabError(404, { message: '404 File Not Found' });
    return page(
      `${ctx.fullPath}: ${filePath}`,
      html`<p>at ${req.params.ref}</p>
        <pre>${blob.content.toString('utf8')}</pre>`,
    );
  });
  return router;
}

import fs from 'node:fs';
import path from 'node:path';

/** The one user the emulator knows: the owner of the configured token. */
export interface EmulatedUser {
  id: number;
  username: string;
  name: string;
  email: string;
}

/** A namespace: the user's own, or a group. Ids share one sequence, as in GitLab. */
export interface Namespace {
  id: number;
  name: string;
  path: string;
  kind: 'user' | 'group';
}

export interface StoredProject {
  id: number;
  /** The namespace's path (not its id, so that renumbered groups keep their projects). */
  namespacePath: string;
  name: string;
  path: string;
  description: string | null;
  visibility: 'private' | 'internal' | 'public';
  topics: string[];
  createdAt: string;
  lastActivityAt: string;
}

export interface StoredMergeRequest {
  id: number;
  iid: number;
  projectId: number;
  title: string;
  description: string | null;
  sourceBranch: string;
  targetBranch: string;
  state: 'opened' | 'closed' | 'merged';
  labels: string[];
  /** User ids; only the emulated user exists, so at most `[1]`. */
  assigneeIds: number[];
  reviewerIds: number[];
  removeSourceBranch: boolean;
  createdAt: string;
  updatedAt: string;
}

interface StoredState {
  nextProjectId: number;
  nextMergeRequestId: number;
  projects: StoredProject[];
  mergeRequests: StoredMergeRequest[];
}

/** What a namespace or project path may be: GitLab's path characters, never `.`/`..` or `*.git`. */
export const PATH_PATTERN = /^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?$/;

export function isValidPath(candidate: string) {
  return PATH_PATTERN.test(candidate) && !candidate.endsWith('.git');
}

/** Data written before merge requests kept assignees and reviewers has none. */
function withMergeRequestPeople(state: StoredState): StoredState {
  return {
    ...state,
    mergeRequests: state.mergeRequests.map(mr => ({
      ...mr,
      assigneeIds: mr.assigneeIds ?? [],
      reviewerIds: mr.reviewerIds ?? [],
    })),
  };
}

/**
 * Projects and merge requests, kept in `<dataDir>/gitlab-emulator.json`; the
 * repositories themselves are bare git repositories under
 * `<dataDir>/repositories/<namespace>/<project>.git`.
 */
export class EmulatorStore {
  readonly user: EmulatedUser;
  readonly namespaces: Namespace[];
  private readonly file: string;
  private readonly state: StoredState;
  private locks = new Map<number, Promise<unknown>>();

  constructor(
    readonly dataDir: string,
    user: Omit<EmulatedUser, 'id'>,
    groups: string[],
  ) {
    this.user = { id: 1, ...user };
    this.namespaces = [
      { id: 1, name: user.name, path: user.username, kind: 'user' },
      ...groups.map((group, i) => ({
        id: i + 2,
        name: group,
        path: group,
        kind: 'group' as const,
      })),
    ];
    this.file = path.join(dataDir, 'gitlab-emulator.json');
    fs.mkdirSync(path.join(dataDir, 'repositories'), { recursive: true });
    this.state = fs.existsSync(this.file)
      ? withMergeRequestPeople(JSON.parse(fs.readFileSync(this.file, 'utf8')))
      : {
          nextProjectId: 1,
          nextMergeRequestId: 1,
          projects: [],
          mergeRequests: [],
        };
  }

  get repositoriesDir() {
    return path.join(this.dataDir, 'repositories');
  }

  gitDir(project: StoredProject) {
    return path.join(
      this.repositoriesDir,
      project.namespacePath,
      `${project.path}.git`,
    );
  }

  /** A namespace by id or full path. */
  findNamespace(idOrPath: string): Namespace | undefined {
    return this.namespaces.find(
      n => String(n.id) === idOrPath || n.path === idOrPath,
    );
  }

  namespaceOf(project: StoredProject): Namespace {
    return this.findNamespace(project.namespacePath)!;
  }

  projects(): StoredProject[] {
    return [...this.state.projects];
  }

  /** A project by numeric id or `namespace/project` path. */
  findProject(idOrPath: string): StoredProject | undefined {
    return this.state.projects.find(
      p =>
        String(p.id) === idOrPath ||
        `${p.namespacePath}/${p.path}` === idOrPath,
    );
  }

  addProject(project: Omit<StoredProject, 'id'>): StoredProject {
    const stored = { id: this.state.nextProjectId++, ...project };
    this.state.projects.push(stored);
    this.save();
    return stored;
  }

  touchProject(project: StoredProject, at: string) {
    project.lastActivityAt = at;
    this.save();
  }

  mergeRequests(projectId: number): StoredMergeRequest[] {
    return this.state.mergeRequests.filter(mr => mr.projectId === projectId);
  }

  addMergeRequest(
    mr: Omit<StoredMergeRequest, 'id' | 'iid'>,
  ): StoredMergeRequest {
    const iid = this.mergeRequests(mr.projectId).length + 1;
    const stored = { id: this.state.nextMergeRequestId++, iid, ...mr };
    this.state.mergeRequests.push(stored);
    this.save();
    return stored;
  }

  /** Runs `fn` after every earlier write to the same project, so that commits never race. */
  withProjectLock<T>(projectId: number, fn: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(projectId) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    this.locks.set(
      projectId,
      next.catch(() => undefined),
    );
    return next;
  }

  private save() {
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.state, null, 2));
    fs.renameSync(tmp, this.file);
  }
}

import { GitCommit } from './git';
import {
  EmulatedUser,
  Namespace,
  StoredMergeRequest,
  StoredProject,
} from './store';

/** GitLab's JSON shapes (REST API v4), with the fields the clients read and their usual neighbours. */

export function userJson(user: EmulatedUser, baseUrl: string) {
  return {
    id: user.id,
    username: user.username,
    name: user.name,
    state: 'active',
    locked: false,
    avatar_url: null,
    web_url: `${baseUrl}/${user.username}`,
    email: user.email,
    public_email: user.email,
    is_admin: true,
    bot: false,
  };
}

export function namespaceJson(namespace: Namespace, baseUrl: string) {
  return {
    id: namespace.id,
    name: namespace.name,
    path: namespace.path,
    kind: namespace.kind,
    full_path: namespace.path,
    parent_id: null,
    avatar_url: null,
    web_url: `${baseUrl}/${namespace.kind === 'group' ? 'groups/' : ''}${
      namespace.path
    }`,
  };
}

export function groupJson(group: Namespace, baseUrl: string) {
  return {
    id: group.id,
    name: group.name,
    path: group.path,
    full_name: group.name,
    full_path: group.path,
    description: '',
    visibility: 'private',
    parent_id: null,
    avatar_url: null,
    web_url: `${baseUrl}/groups/${group.path}`,
  };
}

export function projectJson(
  project: StoredProject,
  namespace: Namespace,
  repo: { defaultBranch: string | null; empty: boolean },
  baseUrl: string,
) {
  const fullPath = `${namespace.path}/${project.path}`;
  const webUrl = `${baseUrl}/${fullPath}`;
  const host = new URL(baseUrl).hostname;
  return {
    id: project.id,
    description: project.description,
    name: project.name,
    name_with_namespace: `${namespace.name} / ${project.name}`,
    path: project.path,
    path_with_namespace: fullPath,
    created_at: project.createdAt,
    last_activity_at: project.lastActivityAt,
    default_branch: repo.defaultBranch,
    tag_list: project.topics,
    topics: project.topics,
    ssh_url_to_repo: `git@${host}:${fullPath}.git`,
    http_url_to_repo: `${webUrl}.git`,
    web_url: webUrl,
    readme_url: null,
    avatar_url: null,
    forks_count: 0,
    star_count: 0,
    empty_repo: repo.empty,
    archived: false,
    visibility: project.visibility,
    namespace: namespaceJson(namespace, baseUrl),
    _links: {
      self: `${baseUrl}/api/v4/projects/${project.id}`,
      merge_requests: `${baseUrl}/api/v4/projects/${project.id}/merge_requests`,
      repo_branches: `${baseUrl}/api/v4/projects/${project.id}/repository/branches`,
    },
  };
}

export function commitJson(commit: GitCommit, projectWebUrl: string) {
  const [title] = commit.message.split('\n');
  return {
    id: commit.id,
    short_id: commit.id.slice(0, 8),
    created_at: commit.committedDate,
    parent_ids: commit.parentIds,
    title,
    message: commit.message,
    author_name: commit.authorName,
    author_email: commit.authorEmail,
    authored_date: commit.authoredDate,
    committer_name: commit.committerName,
    committer_email: commit.committerEmail,
    committed_date: commit.committedDate,
    trailers: {},
    web_url: `${projectWebUrl}/-/commit/${commit.id}`,
  };
}

export function branchJson(
  name: string,
  commit: GitCommit,
  defaultBranch: string | null,
  projectWebUrl: string,
) {
  return {
    name,
    commit: commitJson(commit, projectWebUrl),
    merged: false,
    protected: false,
    developers_can_push: false,
    developers_can_merge: false,
    can_push: true,
    default: name === defaultBranch,
    web_url: `${projectWebUrl}/-/tree/${name}`,
  };
}

export function mergeRequestJson(
  mr: StoredMergeRequest,
  project: { fullPath: string; webUrl: string },
  author: ReturnType<typeof userJson>,
  sourceSha: string | null,
) {
  // The author is the one user there is, so any stored id is theirs.
  const assignees = mr.assigneeIds.map(() => author);
  return {
    id: mr.id,
    iid: mr.iid,
    project_id: mr.projectId,
    title: mr.title,
    description: mr.description,
    state: mr.state,
    created_at: mr.createdAt,
    updated_at: mr.updatedAt,
    merged_by: null,
    merged_at: null,
    closed_by: null,
    closed_at: null,
    target_branch: mr.targetBranch,
    source_branch: mr.sourceBranch,
    user_notes_count: 0,
    author,
    assignee: assignees[0] ?? null,
    assignees,
    reviewers: mr.reviewerIds.map(() => author),
    source_project_id: mr.projectId,
    target_project_id: mr.projectId,
    labels: mr.labels,
    draft: false,
    work_in_progress: false,
    merge_when_pipeline_succeeds: false,
    merge_status: 'can_be_merged',
    detailed_merge_status: 'mergeable',
    sha: sourceSha,
    merge_commit_sha: null,
    squash_commit_sha: null,
    should_remove_source_branch: null,
    force_remove_source_branch: mr.removeSourceBranch,
    squash: false,
    has_conflicts: false,
    references: {
      short: `!${mr.iid}`,
      relative: `!${mr.iid}`,
      full: `${project.fullPath}!${mr.iid}`,
    },
    web_url: `${project.webUrl}/-/merge_requests/${mr.iid}`,
  };
}

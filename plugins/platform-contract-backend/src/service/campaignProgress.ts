import {
  Campaign,
  CampaignEntityStatus,
  CampaignProgress,
  CampaignTeamProgress,
  CompiledContract,
  levelRanks,
} from '@groundwork/plugin-platform-contract-common';
import {
  CampaignEntityState,
  CampaignStateCount,
} from '../database/CampaignStore';
import { EntityResultRow } from '../database/PlatformContractStore';

/**
 * Where one entity stands in a campaign, from its latest result against the
 * campaign's contract. For a rule: done when it passes or is waived, unknown
 * when unknown, open when it fails; undefined (not targeted) when the rule
 * does not apply to the entity. For a level: done when the level is reached
 * (for `ground`, the ground rules are met); otherwise open when a rule of that
 * level or below fails, unknown when only unknown rules stand in the way.
 */
export function campaignEntityState(
  contract: CompiledContract,
  target: Pick<Campaign, 'ruleId' | 'level'>,
  row: EntityResultRow,
): CampaignEntityState | undefined {
  const statuses = new Map(row.rules.map(r => [r.ruleId, r.status]));
  if (target.ruleId !== undefined) {
    switch (statuses.get(target.ruleId)) {
      case 'pass':
      case 'waived':
        return 'done';
      case 'fail':
        return 'open';
      case 'unknown':
        return 'unknown';
      default:
        return undefined;
    }
  }
  const ranks = levelRanks(contract.document);
  const rank = ranks.get(target.level!);
  if (rank === undefined) return undefined;
  const reached =
    rank === 0
      ? row.groundRulesMet
      : row.level !== null && (ranks.get(row.level) ?? -1) >= rank;
  if (reached) return 'done';
  const failing = contract.rules.some(
    r => r.rank <= rank && statuses.get(r.rule.id) === 'fail',
  );
  return failing ? 'open' : 'unknown';
}

/** Whether entities not done are late: the deadline day is over (UTC). */
export function isPastDeadline(deadline: string, now: Date) {
  return now.toISOString().slice(0, 10) > deadline;
}

/** The status shown for a stored state. */
export function statusOf(
  state: CampaignEntityState,
  late: boolean,
): CampaignEntityStatus {
  if (state === 'open') return late ? 'late' : 'pending';
  return state;
}

const emptyProgress = (): Omit<CampaignProgress, 'percentDone'> => ({
  total: 0,
  done: 0,
  pending: 0,
  late: 0,
  unknown: 0,
});

function withPercent<T extends Omit<CampaignProgress, 'percentDone'>>(
  p: T,
): T & { percentDone: number } {
  return {
    ...p,
    percentDone: p.total ? Math.round((p.done / p.total) * 1000) / 10 : 0,
  };
}

/**
 * Rolls one campaign's stored counts up overall and per owner team (teams
 * with the most late, then pending, entities first).
 */
export function summarizeProgress(
  counts: CampaignStateCount[],
  late: boolean,
): { overall: CampaignProgress; teams: CampaignTeamProgress[] } {
  const overall = emptyProgress();
  const teams = new Map<string | null, ReturnType<typeof emptyProgress>>();
  for (const { owner, state, count } of counts) {
    let team = teams.get(owner);
    if (!team) teams.set(owner, (team = emptyProgress()));
    const status = statusOf(state, late);
    for (const p of [overall, team]) {
      p.total += count;
      p[status] += count;
    }
  }
  return {
    overall: withPercent(overall),
    teams: [...teams]
      .map(([owner, p]) => ({ owner, ...withPercent(p) }))
      .sort(
        (a, b) =>
          b.late - a.late ||
          b.pending - a.pending ||
          a.percentDone - b.percentDone ||
          (a.owner ?? '').localeCompare(b.owner ?? ''),
      ),
  };
}

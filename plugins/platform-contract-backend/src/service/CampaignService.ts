import {
  AuthService,
  BackstageCredentials,
  BackstageUserPrincipal,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  Campaign,
  CampaignDetailsResponse,
  CampaignListResponse,
  CampaignSummary,
  checkCampaignTarget,
  compileEntityFilter,
  CreateCampaignRequest,
  platformContractCampaignManagePermission,
} from '@groundwork/plugin-platform-contract-common';
import { ContractRegistry } from '../contracts/ContractRegistry';
import {
  CampaignProgressInput,
  CampaignStore,
  StoredCampaign,
} from '../database/CampaignStore';
import {
  EntityResultRow,
  PlatformContractStore,
} from '../database/PlatformContractStore';
import {
  campaignEntityState,
  isPastDeadline,
  statusOf,
  summarizeProgress,
} from './campaignProgress';
import { normalizeEntityRef, ownerRefOf, requirePermission } from './helpers';

const DAY_MS = 86_400_000;
const CATALOG_BATCH = 500;

type UserCredentials = BackstageCredentials<BackstageUserPrincipal>;

/** The path of a campaign's page in the app. */
export const campaignPath = (id: string) =>
  `/platform-contract/campaigns/${encodeURIComponent(id)}`;

/**
 * Campaigns: declared in contract YAML or created over the API, with progress
 * computed from the latest stored results (never by evaluating) and
 * reminders to the teams not done yet.
 */
export class CampaignService {
  constructor(
    private readonly deps: {
      store: PlatformContractStore;
      campaigns: CampaignStore;
      registry: ContractRegistry;
      catalog: CatalogService;
      auth: AuthService;
      permissions: PermissionsService;
      notifications: NotificationService;
      logger: LoggerService;
      /** Days before the deadline on which to remind, e.g. [14, 7, 1]. */
      reminderDays: number[];
    },
  ) {}

  /**
   * Makes the active `contract` campaigns those of the loaded contracts'
   * `spec.campaigns`; others are retired, not deleted (see
   * {@link CampaignStore.syncContractCampaigns}). A campaign id declared
   * twice keeps its first declaration.
   */
  async syncFromContracts(now = new Date()) {
    const { registry, campaigns, logger } = this.deps;
    const declared = new Map<string, Campaign>();
    for (const contract of registry.contracts) {
      const { spec } = contract.document;
      for (const c of spec.campaigns) {
        if (declared.has(c.id)) {
          logger.error(
            `Campaign '${c.id}' in ${
              contract.file
            } is already declared by contract '${
              declared.get(c.id)!.contract
            }'; ignored`,
          );
          continue;
        }
        declared.set(c.id, {
          id: c.id,
          title: c.title,
          description: c.description,
          contract: contract.name,
          ...(c.ruleId !== undefined ? { ruleId: c.ruleId } : {}),
          ...(c.level !== undefined ? { level: c.level } : {}),
          ...(c.appliesTo !== undefined ? { appliesTo: c.appliesTo } : {}),
          deadline: c.deadline,
          owner: normalizeEntityRef(c.owner ?? spec.owner, 'owner', 'group'),
          createdBy: contract.file,
          createdAt: now.toISOString(),
          source: 'contract',
        });
      }
    }
    const { skipped, retired } = await campaigns.syncContractCampaigns(
      [...declared.values()],
      now.toISOString(),
    );
    if (retired.length) {
      logger.info(
        `Campaigns no longer declared in the loaded contracts are retired (hidden; progress and reminders kept until declared again): ${retired.join(
          ', ',
        )}`,
      );
    }
    for (const id of skipped) {
      logger.error(
        `Campaign '${id}' declared in contract '${
          declared.get(id)!.contract
        }' is ignored: a campaign created over the API has that id`,
      );
    }
  }

  async list(now = new Date()): Promise<CampaignListResponse> {
    const all = await this.deps.campaigns.listCampaigns();
    const counts = await this.deps.campaigns.countProgress();
    return {
      items: all.map(c =>
        summary(
          c,
          summarizeProgress(
            counts.filter(n => n.campaignId === c.id),
            isPastDeadline(c.deadline, now),
          ),
        ),
      ),
    };
  }

  async get(
    id: string,
    page: { limit: number; offset: number },
    now = new Date(),
  ): Promise<CampaignDetailsResponse> {
    const campaign = await this.load(id);
    const late = isPastDeadline(campaign.deadline, now);
    const progress = summarizeProgress(
      await this.deps.campaigns.countProgress([id]),
      late,
    );
    const { items, total } = await this.deps.campaigns.listProgress(id, page);
    return {
      ...summary(campaign, progress),
      teams: progress.teams,
      entities: {
        items: items.map(({ state, ...row }) => ({
          ...row,
          status: statusOf(state, late),
        })),
        total,
        ...page,
      },
    };
  }

  async create(
    input: CreateCampaignRequest,
    credentials: UserCredentials,
    now = new Date(),
  ): Promise<CampaignDetailsResponse> {
    await requirePermission(
      this.deps.permissions,
      credentials,
      platformContractCampaignManagePermission,
    );
    const contract = this.deps.registry.get(input.contract)?.contract;
    if (!contract) {
      throw new InputError(
        `contract: unknown or invalid contract '${input.contract}'`,
      );
    }
    const problem = checkCampaignTarget(contract.document, input);
    if (problem) throw new InputError(`${problem.field}: ${problem.message}`);
    if (isPastDeadline(input.deadline, now)) {
      throw new InputError('deadline: must be today or later');
    }
    const campaign: Campaign = {
      id: input.id,
      title: input.title,
      description: input.description ?? '',
      contract: contract.name,
      ...(input.ruleId !== undefined ? { ruleId: input.ruleId } : {}),
      ...(input.level !== undefined ? { level: input.level } : {}),
      ...(input.appliesTo !== undefined ? { appliesTo: input.appliesTo } : {}),
      deadline: input.deadline,
      owner: normalizeEntityRef(input.owner, 'owner', 'group'),
      createdBy: credentials.principal.userEntityRef,
      createdAt: now.toISOString(),
      source: 'api',
    };
    if (!(await this.deps.campaigns.insertCampaign(campaign))) {
      throw new ConflictError(`A campaign '${campaign.id}' already exists`);
    }
    await this.refreshProgress(now, [campaign]);
    return this.get(campaign.id, { limit: 50, offset: 0 }, now);
  }

  /** Deletes a campaign created over the API; those declared in YAML are removed there. */
  async delete(id: string, credentials: UserCredentials) {
    await requirePermission(
      this.deps.permissions,
      credentials,
      platformContractCampaignManagePermission,
    );
    const campaign = await this.load(id);
    if (campaign.source === 'contract') {
      throw new NotAllowedError(
        `Campaign '${id}' is declared in the YAML of contract '${campaign.contract}' (${campaign.createdBy}); remove it there instead`,
      );
    }
    await this.deps.campaigns.deleteCampaign(id);
  }

  /**
   * Recomputes the progress of the given (by default every) campaign from the
   * latest stored results; meant to run after each evaluation. Campaigns
   * whose contract is not loaded keep their last progress.
   */
  async refreshProgress(now = new Date(), only?: StoredCampaign[]) {
    const targets = only ?? (await this.deps.campaigns.listCampaigns());
    if (!targets.length) return;
    await this.updateProgress(
      targets,
      await this.deps.store.readAllResults(),
      now,
    );
  }

  /** Updates one entity's progress in every campaign after it was re-evaluated on its own. */
  async refreshEntityProgress(
    entityRef: string,
    results: EntityResultRow[],
    now = new Date(),
  ) {
    const targets = await this.deps.campaigns.listCampaigns();
    if (!targets.length) return;
    await this.updateProgress(targets, results, now, entityRef);
  }

  /** Progress from the given results; with `entityRef`, only that entity's progress is replaced. */
  private async updateProgress(
    targets: StoredCampaign[],
    results: EntityResultRow[],
    now: Date,
    entityRef?: string,
  ) {
    const { campaigns, registry, logger } = this.deps;
    const byContract = new Map<string, EntityResultRow[]>();
    for (const row of results) {
      if (!targets.some(c => c.contract === row.contract)) continue;
      if (!byContract.has(row.contract)) byContract.set(row.contract, []);
      byContract.get(row.contract)!.push(row);
    }
    const entities = await this.loadEntities([
      ...new Set([...byContract.values()].flat().map(r => r.entityRef)),
    ]);
    for (const campaign of targets) {
      const contract = registry.contracts.find(
        c => c.name === campaign.contract,
      );
      if (!contract) {
        logger.warn(
          `Campaign '${campaign.id}': contract '${campaign.contract}' is not loaded; its progress is not refreshed`,
        );
        continue;
      }
      const matches = campaign.appliesTo
        ? compileEntityFilter(campaign.appliesTo)
        : () => true;
      const rows: CampaignProgressInput[] = [];
      for (const result of byContract.get(campaign.contract) ?? []) {
        const entity = entities.get(result.entityRef);
        if (!entity || !matches(entity)) continue;
        const state = campaignEntityState(contract, campaign, result);
        if (state) {
          rows.push({
            entityRef: result.entityRef,
            owner: ownerRefOf(entity) ?? null,
            state,
          });
        }
      }
      await campaigns.replaceProgress(
        campaign.id,
        rows,
        now.toISOString(),
        entityRef,
      );
    }
  }

  /**
   * Reminds the owner teams of entities not done: once on each of
   * `reminderDays` before the deadline (only the nearest, when several have
   * passed unsent) and once when it has passed. Each reminder is claimed in
   * the store first, so it is sent once across runs and replicas. Returns how
   * many notifications were sent.
   */
  async sendReminders(now = new Date()): Promise<number> {
    const { campaigns, notifications, logger } = this.deps;
    const all = (await campaigns.listCampaigns()).filter(
      c => c.progressUpdatedAt,
    );
    const counts = await campaigns.countProgress(all.map(c => c.id));
    let sent = 0;
    for (const campaign of all) {
      const reminder = this.dueReminder(campaign.deadline, now);
      if (!reminder) continue;
      const notDone = counts.filter(
        n => n.campaignId === campaign.id && n.state !== 'done',
      );
      const owners = [
        ...new Set(notDone.flatMap(n => (n.owner ? [n.owner] : []))),
      ];
      if (!owners.length) continue;
      if (
        !(await campaigns.claimReminder(
          campaign.id,
          reminder.key,
          now.toISOString(),
        ))
      ) {
        continue;
      }
      const entityCount = notDone.reduce((sum, n) => sum + n.count, 0);
      try {
        await notifications.send({
          recipients: { type: 'entity', entityRef: owners },
          payload: {
            title: `Campaign "${campaign.title}": ${reminder.title}`,
            description: `${entityCount} ${
              entityCount === 1 ? 'entity is' : 'entities are'
            } not done yet (${target(campaign)}, deadline ${
              campaign.deadline
            }). See which of yours on the campaign page.`,
            link: campaignPath(campaign.id),
            severity: reminder.key === 'late' ? 'high' : 'normal',
            topic: 'platform-contract-campaign',
            scope: `platform-contract-campaign:${campaign.id}`,
          },
        });
        sent += 1;
      } catch (e) {
        logger.warn(
          `Could not send the ${reminder.key} reminder of campaign ${campaign.id}: ${e}`,
        );
      }
    }
    return sent;
  }

  /** The reminder due now, if any: the nearest of reminderDays passed, or late. */
  private dueReminder(deadline: string, now: Date) {
    if (isPastDeadline(deadline, now)) {
      return { key: 'late', title: 'the deadline has passed' };
    }
    const today = Date.parse(now.toISOString().slice(0, 10));
    const daysLeft = Math.round((Date.parse(deadline) - today) / DAY_MS);
    const due = this.deps.reminderDays.filter(d => daysLeft <= d);
    if (!due.length) return undefined;
    const days = Math.min(...due);
    return {
      key: `days-before:${days}`,
      title:
        daysLeft === 0
          ? 'the deadline is today'
          : `${daysLeft} ${daysLeft === 1 ? 'day' : 'days'} left`,
    };
  }

  private async load(id: string) {
    const campaign = await this.deps.campaigns.getCampaign(id);
    if (!campaign) throw new NotFoundError(`No campaign '${id}'`);
    return campaign;
  }

  private async loadEntities(refs: string[]): Promise<Map<string, Entity>> {
    const { catalog, auth } = this.deps;
    const credentials = await auth.getOwnServiceCredentials();
    const found = new Map<string, Entity>();
    for (let i = 0; i < refs.length; i += CATALOG_BATCH) {
      const batch = refs.slice(i, i + CATALOG_BATCH);
      const { items } = await catalog.getEntitiesByRefs(
        { entityRefs: batch },
        { credentials },
      );
      items.forEach((entity, index) => {
        if (entity) found.set(batch[index], entity);
      });
    }
    return found;
  }
}

function target(c: Campaign) {
  return c.ruleId
    ? `rule ${c.ruleId} of ${c.contract}`
    : `level ${c.level} of ${c.contract}`;
}

function summary(
  campaign: StoredCampaign,
  { overall, teams }: ReturnType<typeof summarizeProgress>,
): CampaignSummary {
  const { progressUpdatedAt, ...rest } = campaign;
  return {
    ...rest,
    progress: {
      ...overall,
      ...(progressUpdatedAt ? { updatedAt: progressUpdatedAt } : {}),
    },
    teamCount: teams.length,
    lateTeamCount: teams.filter(t => t.late > 0).length,
  };
}

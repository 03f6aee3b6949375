import {
  AuthService,
  BackstageCredentials,
  BackstageUserPrincipal,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  CreateWaiverRequest,
  platformContractAdminPermission,
  platformContractWaiverApprovePermission,
  platformContractWaiverRequestPermission,
  WaiverDetailsResponse,
  WaiverListResponse,
  WaiverStatus,
} from '@groundwork/plugin-platform-contract-common';
import { randomUUID } from 'crypto';
import { ContractRegistry } from '../contracts/ContractRegistry';
import {
  PlatformContractStore,
  StoredWaiver,
  WaiverFilter,
} from '../database/PlatformContractStore';
import { normalizeEntityRef, ownerRefOf, requirePermission } from './helpers';

const DAY_MS = 86_400_000;

type UserCredentials = BackstageCredentials<BackstageUserPrincipal>;

/**
 * Waiver lifecycle: requested → approved | rejected | withdrawn. Approved
 * waivers turn failing or unknown rules into `waived` until they expire;
 * expiry needs no action because evaluation only applies unexpired waivers.
 */
export class WaiverService {
  constructor(
    private readonly deps: {
      store: PlatformContractStore;
      registry: ContractRegistry;
      permissions: PermissionsService;
      catalog: CatalogService;
      auth: AuthService;
      notifications: NotificationService;
      logger: LoggerService;
      notifyDaysBeforeExpiry: number;
      /** Called after a decision so the entity's results reflect it at once. */
      onDecision(entityRef: string): Promise<unknown>;
    },
  ) {}

  async request(
    input: CreateWaiverRequest,
    credentials: UserCredentials,
    now = new Date(),
  ) {
    await this.authorize(credentials, platformContractWaiverRequestPermission);
    const contract = this.deps.registry.get(input.contract)?.contract;
    if (!contract)
      throw new InputError(`Unknown or invalid contract '${input.contract}'`);
    if (!contract.rules.some(r => r.rule.id === input.ruleId)) {
      throw new InputError(
        `Contract '${contract.name}' has no rule '${input.ruleId}'`,
      );
    }
    const expiresAt = new Date(input.expiresAt);
    const maxDays = contract.document.spec.maxWaiverDays;
    if (expiresAt.getTime() <= now.getTime()) {
      throw new InputError('expiresAt must be in the future');
    }
    if (expiresAt.getTime() > now.getTime() + maxDays * DAY_MS) {
      throw new InputError(
        `expiresAt may be at most ${maxDays} days ahead (contract maxWaiverDays)`,
      );
    }
    const waiver: StoredWaiver = {
      id: randomUUID(),
      contract: contract.name,
      entityRef: normalizeEntityRef(input.entityRef, 'entityRef'),
      ruleId: input.ruleId,
      reason: input.reason,
      conditions: input.conditions ?? '',
      expiresAt: expiresAt.toISOString(),
      status: 'requested',
      // The full ref, as ownership claims name groups (see IS_CONTRACT_OWNER).
      contractOwner: normalizeEntityRef(
        contract.document.spec.owner,
        'owner',
        'group',
      ),
      requestedBy: credentials.principal.userEntityRef,
      requestedAt: now.toISOString(),
    };
    await this.deps.store.insertWaiver(waiver, {
      at: waiver.requestedAt,
      actor: waiver.requestedBy,
      action: 'requested',
    });
    return this.get(waiver.id, now);
  }

  async decide(
    id: string,
    decision: 'approved' | 'rejected',
    comment: string | undefined,
    credentials: UserCredentials,
    now = new Date(),
  ) {
    const waiver = await this.load(id);
    const actor = credentials.principal.userEntityRef;
    // Four eyes: whatever the permission says, a requester may only withdraw.
    if (sameRef(waiver.requestedBy, actor)) {
      throw new NotAllowedError(
        `You requested this waiver: another owner of contract ${waiver.contract} or a platform admin decides on it (you may withdraw it)`,
      );
    }
    const [result] = await this.deps.permissions.authorize(
      [
        {
          permission: platformContractWaiverApprovePermission,
          resourceRef: id,
        },
      ],
      { credentials },
    );
    if (result.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You may not decide on waivers of contract '${waiver.contract}'`,
      );
    }
    const at = now.toISOString();
    await this.transition(
      waiver,
      'requested',
      {
        status: decision,
        decidedBy: actor,
        decidedAt: at,
        ...(comment ? { decisionComment: comment } : {}),
      },
      { at, actor, action: decision, ...(comment ? { comment } : {}) },
    );
    await this.notify(
      waiver,
      `Waiver ${decision}: ${waiver.ruleId} on ${waiver.entityRef}`,
      `${actor} ${decision} the waiver for rule ${waiver.ruleId} of contract ${
        waiver.contract
      }${comment ? `: ${comment}` : '.'}`,
    );
    await this.deps
      .onDecision(waiver.entityRef)
      .catch(e =>
        this.deps.logger.warn(
          `Re-evaluating ${waiver.entityRef} after a waiver decision failed: ${e}`,
        ),
      );
    return this.get(id, now);
  }

  /** The requester may withdraw their waiver; admins may withdraw any. */
  async withdraw(id: string, credentials: UserCredentials, now = new Date()) {
    const waiver = await this.load(id);
    const actor = credentials.principal.userEntityRef;
    if (waiver.requestedBy !== actor) {
      await this.authorize(credentials, platformContractAdminPermission);
    }
    if (waiver.status !== 'requested' && waiver.status !== 'approved') {
      throw new ConflictError(`Waiver ${id} is already ${waiver.status}`);
    }
    const at = now.toISOString();
    await this.transition(
      waiver,
      waiver.status,
      { status: 'withdrawn' },
      { at, actor, action: 'withdrawn' },
    );
    if (waiver.status === 'approved') {
      await this.deps.onDecision(waiver.entityRef).catch(() => undefined);
    }
    return this.get(id, now);
  }

  async get(id: string, now = new Date()): Promise<WaiverDetailsResponse> {
    const waiver = await this.load(id);
    return {
      ...present(waiver, now),
      events: await this.deps.store.listWaiverEvents(id),
    };
  }

  async list(
    filter: WaiverFilter,
    now = new Date(),
  ): Promise<WaiverListResponse> {
    const waivers = await this.deps.store.listWaivers({
      ...filter,
      ...(filter.entityRef
        ? { entityRef: filter.entityRef.toLocaleLowerCase('en-US') }
        : {}),
    });
    return { items: waivers.map(w => present(w, now)) };
  }

  /** Tells entity owners about approved waivers expiring soon, once per waiver. */
  async notifyExpiring(now = new Date()): Promise<number> {
    const horizon = new Date(
      now.getTime() + this.deps.notifyDaysBeforeExpiry * DAY_MS,
    ).toISOString();
    const due = (
      await this.deps.store.listActiveWaivers(now.toISOString())
    ).filter(w => w.expiresAt <= horizon && !w.expiryNotifiedAt);
    for (const waiver of due) {
      const at = now.toISOString();
      const claimed = await this.deps.store.updateWaiver(
        waiver.id,
        'approved',
        { expiryNotifiedAt: at },
        {
          at,
          actor: 'plugin:platform-contract',
          action: 'expiry-notified',
        },
      );
      if (claimed) {
        await this.notify(
          waiver,
          `Waiver expiring: ${waiver.ruleId} on ${waiver.entityRef}`,
          `The waiver for rule ${waiver.ruleId} of contract ${waiver.contract} expires at ${waiver.expiresAt}; fix the rule or request a new waiver.`,
        );
      }
    }
    return due.length;
  }

  private async load(id: string) {
    const waiver = await this.deps.store.getWaiver(id);
    if (!waiver) throw new NotFoundError(`No waiver ${id}`);
    return waiver;
  }

  private async transition(
    waiver: StoredWaiver,
    from: WaiverStatus,
    patch: Partial<StoredWaiver>,
    event: Parameters<PlatformContractStore['updateWaiver']>[3],
  ) {
    if (
      waiver.status !== from ||
      !(await this.deps.store.updateWaiver(waiver.id, from, patch, event))
    ) {
      throw new ConflictError(
        `Waiver ${waiver.id} is ${waiver.status}, not ${from}`,
      );
    }
  }

  private async authorize(
    credentials: UserCredentials,
    permission: typeof platformContractAdminPermission,
  ) {
    await requirePermission(this.deps.permissions, credentials, permission);
  }

  /** Notifies the entity's owner (falling back to the requester); never fails the caller. */
  private async notify(
    waiver: StoredWaiver,
    title: string,
    description: string,
  ) {
    try {
      const credentials = await this.deps.auth.getOwnServiceCredentials();
      const entity = await this.deps.catalog.getEntityByRef(waiver.entityRef, {
        credentials,
      });
      const owner = entity && ownerRefOf(entity);
      await this.deps.notifications.send({
        recipients: { type: 'entity', entityRef: owner ?? waiver.requestedBy },
        payload: {
          title,
          description,
          // The entity's Scorecard tab lists its waivers with their history.
          link: scorecardPath(waiver.entityRef),
          topic: 'platform-contract-waiver',
          scope: `platform-contract-waiver:${waiver.id}`,
        },
      });
    } catch (e) {
      this.deps.logger.warn(`Could not notify about waiver ${waiver.id}: ${e}`);
    }
  }
}

function sameRef(a: string, b: string) {
  return a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');
}

function scorecardPath(entityRef: string) {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${namespace}/${kind}/${name}/scorecard`;
}

function present(waiver: StoredWaiver, now: Date) {
  const { expiryNotifiedAt, ...rest } = waiver;
  return {
    ...rest,
    active:
      waiver.status === 'approved' && waiver.expiresAt > now.toISOString(),
  };
}

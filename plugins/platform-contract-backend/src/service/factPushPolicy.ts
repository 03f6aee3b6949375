import { Config } from '@backstage/config';
import { InputError, NotAllowedError } from '@backstage/errors';
import { FactProvider } from '@groundwork/plugin-platform-contract-node';
import { nameMatcher } from './namePatterns';

/** What one service may push, from `platformContract.facts.push.allow`. */
export interface FactPushGrant {
  /** The service's subject, e.g. `external:github-ci` for a static token. */
  subject: string;
  /** Entity ref patterns (`*`, `component:default/*`); all entities when absent. */
  entityRefs?: string[];
  /** Fact name patterns, e.g. `build.*`. */
  facts: string[];
}

/** One pushed fact as the route has parsed it (entity ref normalised). */
export interface FactToPush {
  entityRef: string;
  name: string;
  observedAt?: string;
}

const CONFIG = 'platformContract.facts.push';

/**
 * Who may push which facts, and which they never may: a push cannot use the
 * name or namespace of a fact a provider collects (so it cannot override
 * `catalog.owner` or invent `cost.monthlyBudget`), and cannot date a fact in
 * the future (which would never go stale). Without grants nobody may push.
 */
export class FactPushPolicy {
  static fromConfig(config: Config, providers: FactProvider[]) {
    const push = config.getOptionalConfig(CONFIG);
    const grants = (push?.getOptionalConfigArray('allow') ?? []).map(
      (grant): FactPushGrant => ({
        subject: grant.getString('subject'),
        entityRefs: grant.getOptionalStringArray('entityRefs'),
        facts: grant.getStringArray('facts'),
      }),
    );
    return new FactPushPolicy({
      grants,
      providers,
      maxFutureMinutes: push?.getOptionalNumber('maxFutureMinutes') ?? 5,
    });
  }

  private readonly grants: Array<{
    subject: string;
    entityRef(ref: string): boolean;
    fact(name: string): boolean;
    describe: string;
  }>;
  private readonly providerOf: (name: string) => string | undefined;
  private readonly maxFutureMs: number;

  constructor(options: {
    grants: FactPushGrant[];
    providers: FactProvider[];
    maxFutureMinutes: number;
  }) {
    this.grants = options.grants.map(g => ({
      subject: g.subject,
      entityRef: nameMatcher(g.entityRefs ?? ['*']),
      fact: nameMatcher(g.facts),
      describe: `${g.facts.join(', ')} for ${(
        g.entityRefs ?? ['any entity']
      ).join(', ')}`,
    }));
    const owned = options.providers.map(p => ({
      id: p.id,
      // The names it declares and their namespaces (`cost.` of `cost.monthlyBudget`).
      owns: nameMatcher(
        p.facts.flatMap(f => {
          const dot = f.name.indexOf('.');
          return dot > 0 ? [f.name, `${f.name.slice(0, dot + 1)}*`] : [f.name];
        }),
      ),
    }));
    this.providerOf = name => owned.find(p => p.owns(name))?.id;
    this.maxFutureMs = options.maxFutureMinutes * 60_000;
  }

  /** Throws a 403 or 400 naming the first fact the subject may not push. */
  check(subject: string, facts: FactToPush[], now: Date) {
    const grants = this.grants.filter(g => g.subject === subject);
    if (grants.length === 0) {
      throw new NotAllowedError(
        `Service '${subject}' may not push facts; a platform admin grants it under ${CONFIG}.allow (subject, entityRefs, facts)`,
      );
    }
    facts.forEach(({ entityRef, name, observedAt }, i) => {
      const provider = this.providerOf(name);
      if (provider) {
        throw new InputError(
          `facts.${i}.name: '${name}' is in the namespace of facts the '${provider}' provider collects; push facts under names of your own, e.g. build.testsPassed`,
        );
      }
      if (!grants.some(g => g.fact(name) && g.entityRef(entityRef))) {
        throw new NotAllowedError(
          `facts.${i}: service '${subject}' may not push '${name}' for ${entityRef}; it may push ${grants
            .map(g => g.describe)
            .join('; ')} (${CONFIG}.allow)`,
        );
      }
      if (
        observedAt &&
        new Date(observedAt).getTime() - now.getTime() > this.maxFutureMs
      ) {
        throw new InputError(
          `facts.${i}.observedAt: ${observedAt} is more than ${
            this.maxFutureMs / 60_000
          } minutes after the server's time (${now.toISOString()}); send when the fact was observed, or leave it out for now`,
        );
      }
    });
  }
}

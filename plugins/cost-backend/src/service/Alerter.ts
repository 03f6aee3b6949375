import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { BUDGET_ALERT_THRESHOLDS } from '@groundwork/plugin-cost-common';
import { DateTime } from 'luxon';
import { CatalogModel } from '../attribution/CatalogModel';
import { CommitmentService } from '../commitments/CommitmentService';
import { CommitmentConfig } from '../commitments/config';
import { CostStore } from '../database/CostStore';
import { CostService } from './CostService';

/** Days of history an anomaly is judged against. */
const ANOMALY_BASELINE_DAYS = 14;

/**
 * Day-over-day anomaly: the last day with data costs more than the baseline
 * mean plus three standard deviations, at least 50% more than the mean, and
 * at least one currency unit more (so tiny costs do not alert).
 */
export function isAnomaly(baseline: number[], latest: number) {
  if (baseline.length < 7) return false;
  const mean = baseline.reduce((a, b) => a + b, 0) / baseline.length;
  const deviation = Math.sqrt(
    baseline.reduce((a, b) => a + (b - mean) ** 2, 0) / baseline.length,
  );
  return (
    latest > mean + 3 * deviation && latest > mean * 1.5 && latest - mean >= 1
  );
}

/**
 * Notifies owning groups: budget thresholds crossed, forecast over budget and
 * anomalies. Each alert kind fires once per entity and month.
 */
export class Alerter {
  constructor(
    private readonly options: {
      store: CostStore;
      costs: CostService;
      notifications: NotificationService;
      logger: LoggerService;
      /** Under-used commitments notify the platform team (`cost.commitments`). */
      commitments?: { service: CommitmentService; config: CommitmentConfig };
    },
  ) {}

  async run(model: CatalogModel) {
    const { store, costs } = this.options;
    const budgets = await store.listBudgets();
    for (const budget of budgets) {
      const forecast = await costs.forecast({
        entityRef: budget.entityRef,
        budget,
      });
      const link = entityLink(budget.entityRef);
      // Spend is in the reporting currency, the budget in its own; both are shown.
      const money = (amount: number, currency = forecast.currency) =>
        `${amount.toFixed(2)} ${currency}`;
      const budgetMoney =
        budget.currency === forecast.currency ||
        forecast.budgetInCurrency === undefined
          ? money(budget.amount, budget.currency)
          : `${money(budget.amount, budget.currency)} (${money(
              forecast.budgetInCurrency,
            )})`;
      if (forecast.budgetNotComparable) {
        this.options.logger.warn(
          `Cannot compare the cost of ${budget.entityRef} with its budget: ${forecast.budgetNotComparable}`,
        );
      }
      for (const threshold of BUDGET_ALERT_THRESHOLDS) {
        if ((forecast.budgetUsedPercent ?? 0) >= threshold) {
          await this.send(
            model,
            budget.entityRef,
            forecast.month,
            `threshold-${threshold}`,
            {
              title: `${budget.entityRef} has used ${threshold}% of its ${forecast.month} budget`,
              description: `${money(
                forecast.monthToDate,
              )} spent of ${budgetMoney}.`,
              link,
              severity: severityOf(threshold),
            },
          );
        }
      }
      if (forecast.forecastOverBudget) {
        await this.send(model, budget.entityRef, forecast.month, 'forecast', {
          title: `${budget.entityRef} is forecast to exceed its ${forecast.month} budget`,
          description: `Forecast ${money(
            forecast.forecast,
          )} against a budget of ${budgetMoney}. ${forecast.method}`,
          link,
          severity: 'high',
        });
      }
    }

    const now = costs.now();
    const groups = await costs.costByEntity({
      kind: 'group',
      from: now.startOf('month').toISODate()!,
      to: now.toISODate()!,
    });
    for (const entityRef of new Set([
      ...budgets.map(b => b.entityRef),
      ...groups.map(g => g.entityRef),
    ])) {
      await this.checkAnomaly(model, entityRef, now);
    }
    await this.checkCommitments();
  }

  /**
   * Each commitment used below the threshold in the latest month with
   * billing data notifies the platform team, once per commitment and month.
   */
  private async checkCommitments() {
    const { commitments, store, logger } = this.options;
    if (!commitments) return;
    const { utilisationAlertThreshold: threshold, notify } = commitments.config;
    const latest = (await store.latestDay())?.slice(0, 7);
    if (!latest) return;
    const report = await commitments.service.report({
      from: latest,
      to: latest,
    });
    const underUsed = report.utilisation.commitments.filter(
      c => c.utilisation !== null && c.utilisation < threshold,
    );
    if (!underUsed.length) return;
    if (!notify) {
      logger.warn(
        `${underUsed.length} commitment(s) used below ${
          threshold * 100
        }% in ${latest}, and nobody to tell: set cost.commitments.notify to the platform team's group`,
      );
      return;
    }
    for (const commitment of underUsed) {
      const name = commitment.name ?? commitment.commitmentDiscountId;
      const percent = (value: number) => `${(value * 100).toFixed(0)}%`;
      await this.notify(
        notify,
        {
          entityRef: notify,
          month: latest,
          kind: `commitment-utilisation:${commitment.commitmentDiscountId}`,
        },
        {
          title: `${commitment.provider} commitment ${name} was ${percent(
            commitment.utilisation!,
          )} used in ${latest}`,
          description: `${commitment.unused.toFixed(2)} ${
            report.currency
          } of it went unused (threshold ${percent(threshold)}). ${
            commitment.type ?? 'Commitment'
          } ${commitment.commitmentDiscountId}.`,
          link: '/cost',
          severity: 'high',
        },
      );
    }
  }

  private async checkAnomaly(
    model: CatalogModel,
    entityRef: string,
    now: DateTime,
  ) {
    const series = await this.options.costs.series({
      entityRef,
      from: now.minus({ days: ANOMALY_BASELINE_DAYS + 1 }).toISODate()!,
      to: now.toISODate()!,
      granularity: 'day',
    });
    const latestIndex = series.points.map(p => p.total !== 0).lastIndexOf(true);
    if (latestIndex < 7) return;
    const latest = series.points[latestIndex];
    const baseline = series.points.slice(0, latestIndex).map(p => p.total);
    if (isAnomaly(baseline.slice(-ANOMALY_BASELINE_DAYS), latest.total)) {
      await this.send(model, entityRef, latest.period.slice(0, 7), 'anomaly', {
        title: `Unusual cost for ${entityRef} on ${latest.period}`,
        description: `${latest.total.toFixed(2)} ${
          series.currency
        }, well above the previous ${ANOMALY_BASELINE_DAYS} days.`,
        link: entityLink(entityRef),
        severity: 'high',
      });
    }
  }

  private async send(
    model: CatalogModel,
    entityRef: string,
    month: string,
    kind: string,
    payload: {
      title: string;
      description: string;
      link: string;
      severity: 'critical' | 'high' | 'normal';
    },
  ) {
    const owner = model.ownerGroup(entityRef);
    if (!owner) {
      this.options.logger.warn(
        `No owning group to notify about ${kind} for ${entityRef}`,
      );
      return;
    }
    await this.notify(owner, { entityRef, month, kind }, payload);
  }

  /** Sends to `recipient` unless this alert was already sent (dedup in the store). */
  private async notify(
    recipient: string,
    alert: { entityRef: string; month: string; kind: string },
    payload: {
      title: string;
      description: string;
      link: string;
      severity: 'critical' | 'high' | 'normal';
    },
  ) {
    if (!(await this.options.store.recordAlert(alert))) return;
    await this.options.notifications.send({
      recipients: { type: 'entity', entityRef: recipient },
      payload: { ...payload, topic: `cost:${alert.entityRef}` },
    });
  }
}

function severityOf(threshold: number) {
  if (threshold >= 100) return 'critical';
  return threshold >= 80 ? 'high' : 'normal';
}

function entityLink(entityRef: string) {
  const [kind, rest] = entityRef.split(':');
  return `/catalog/${rest.split('/')[0]}/${kind}/${rest.split('/')[1]}/cost`;
}

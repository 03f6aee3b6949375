import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  MLFLOW_EXPERIMENT_ID_ANNOTATION,
  MLFLOW_EXPERIMENT_NAME_ANNOTATION,
  MLFLOW_PRIMARY_METRIC_ANNOTATION,
  MLFLOW_REGISTERED_MODEL_ANNOTATION,
  MLFLOW_SERVER_ANNOTATION,
} from '@groundwork/plugin-mlops-common';

/** What an entity's annotations say about its MLflow data. */
export interface MlflowAnnotations {
  /** A configured server name, if the entity picks one. */
  server?: string;
  experimentNames: string[];
  experimentIds: string[];
  registeredModels: string[];
  primaryMetric?: { key: string; direction: 'ASC' | 'DESC' };
}

const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\/|^\/\/|^[a-z][a-z0-9+.-]*:[^\s]/i;

function refuseUrl(annotation: string, value: string) {
  if (URL_LIKE.test(value) || /^[\w.-]+\.[a-z]{2,}(:\d+)?(\/|$)/i.test(value)) {
    throw new InputError(
      `Annotation '${annotation}' must not contain a URL ('${value}'); MLflow servers are configured in app-config under mlops.mlflow.servers and entities refer to them by name with '${MLFLOW_SERVER_ANNOTATION}'`,
    );
  }
}

function list(entity: Entity, annotation: string): string[] {
  const raw = entity.metadata.annotations?.[annotation];
  if (!raw) return [];
  const values = raw
    .split(',')
    .map(v => v.trim())
    .filter(Boolean);
  for (const value of values) {
    refuseUrl(annotation, value);
  }
  return [...new Set(values)];
}

/**
 * Reads the MLflow annotations of an entity. Values that look like URLs are
 * refused with an InputError: an annotation must never decide where we send
 * requests (and credentials).
 */
export function readMlflowAnnotations(entity: Entity): MlflowAnnotations {
  const annotations = entity.metadata.annotations ?? {};
  const server = annotations[MLFLOW_SERVER_ANNOTATION]?.trim() || undefined;
  if (server) {
    refuseUrl(MLFLOW_SERVER_ANNOTATION, server);
  }
  const experimentIds = list(entity, MLFLOW_EXPERIMENT_ID_ANNOTATION);
  for (const id of experimentIds) {
    if (!/^[\w-]+$/.test(id)) {
      throw new InputError(
        `Annotation '${MLFLOW_EXPERIMENT_ID_ANNOTATION}' has an invalid experiment id '${id}'`,
      );
    }
  }
  let primaryMetric: MlflowAnnotations['primaryMetric'];
  const metric = annotations[MLFLOW_PRIMARY_METRIC_ANNOTATION]?.trim();
  if (metric) {
    const match = /^(.+?)(?:\s+(ASC|DESC))?$/i.exec(metric)!;
    primaryMetric = {
      key: match[1],
      direction: (match[2]?.toUpperCase() as 'ASC' | 'DESC') ?? 'ASC',
    };
  }
  return {
    server,
    experimentNames: list(entity, MLFLOW_EXPERIMENT_NAME_ANNOTATION),
    experimentIds,
    registeredModels: list(entity, MLFLOW_REGISTERED_MODEL_ANNOTATION),
    primaryMetric,
  };
}

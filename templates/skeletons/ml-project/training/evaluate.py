"""Evaluates the model on the test set and logs the metrics to MLflow.

The platform contract's evaluation-metrics rule expects metrics on every run.
"""

import json
import pickle
from pathlib import Path

import mlflow
import pandas as pd
from sklearn.metrics import accuracy_score, f1_score

from training.params import load_params


def evaluate(params: dict, model) -> dict:
    data = params["data"]
    frame = pd.read_csv(Path(data["prepared"]) / "test.csv")
    features, target = frame.drop(columns=[data["target_column"]]), frame[data["target_column"]]
    predicted = model.predict(features)
    return {
        "accuracy": accuracy_score(target, predicted),
        "f1_macro": f1_score(target, predicted, average="macro"),
    }


if __name__ == "__main__":
    params = load_params()
    metrics = evaluate(params, pickle.loads(Path("models/model.pkl").read_bytes()))
    Path("metrics.json").write_text(json.dumps(metrics, indent=2))
    mlflow.set_experiment(params["mlflow"]["experiment_name"])
    with mlflow.start_run():
        mlflow.log_metrics(metrics)

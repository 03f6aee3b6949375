"""Trains the model and logs the run to the project's MLflow experiment."""

import pickle
from pathlib import Path

import mlflow
import pandas as pd
from sklearn.ensemble import RandomForestClassifier

from training.params import load_params


def train(params: dict) -> RandomForestClassifier:
    data, hyper = params["data"], params["train"]
    frame = pd.read_csv(Path(data["prepared"]) / "train.csv")
    features, target = frame.drop(columns=[data["target_column"]]), frame[data["target_column"]]
    model = RandomForestClassifier(
        n_estimators=hyper["n_estimators"], max_depth=hyper["max_depth"], random_state=data["seed"]
    )
    return model.fit(features, target)


if __name__ == "__main__":
    params = load_params()
    mlflow.set_experiment(params["mlflow"]["experiment_name"])
    with mlflow.start_run():
        mlflow.log_params(params["train"])
        model = train(params)
        Path("models").mkdir(exist_ok=True)
        Path("models/model.pkl").write_bytes(pickle.dumps(model))
        mlflow.sklearn.log_model(
            model, "model", registered_model_name=params["mlflow"]["registered_model"]
        )

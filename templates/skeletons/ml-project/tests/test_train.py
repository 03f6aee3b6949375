import pandas as pd

from training.evaluate import evaluate
from training.train import train


def test_trains_and_evaluates_on_a_small_dataset(tmp_path):
    frame = pd.DataFrame({"x": list(range(40)), "target": [i % 2 for i in range(40)]})
    frame.iloc[:30].to_csv(tmp_path / "train.csv", index=False)
    frame.iloc[30:].to_csv(tmp_path / "test.csv", index=False)
    params = {
        "data": {"prepared": str(tmp_path), "target_column": "target", "seed": 0},
        "train": {"n_estimators": 5, "max_depth": 3},
    }
    metrics = evaluate(params, train(params))
    assert 0.0 <= metrics["accuracy"] <= 1.0

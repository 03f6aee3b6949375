"""Splits the raw dataset into train and test sets."""

from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from training.params import load_params


def prepare(params: dict) -> None:
    data = params["data"]
    frame = pd.read_csv(data["raw"])
    train, test = train_test_split(frame, test_size=data["test_size"], random_state=data["seed"])
    out = Path(data["prepared"])
    out.mkdir(parents=True, exist_ok=True)
    train.to_csv(out / "train.csv", index=False)
    test.to_csv(out / "test.csv", index=False)


if __name__ == "__main__":
    prepare(load_params())

"""Training pipeline of ${{ values.name }}: prepare, train, evaluate."""

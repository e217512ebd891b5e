"""Training pactwatch's statistical components from data in the repository."""

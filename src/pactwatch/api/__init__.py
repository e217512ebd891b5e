"""`pactwatch serve`: the JSON API over the store (FastAPI)."""

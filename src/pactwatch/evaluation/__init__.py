"""`pactwatch eval`: scoring extraction against gold files (format in eval/GOLD.md)."""

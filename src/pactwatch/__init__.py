"""pactwatch: a source-grounded tracker of international security commitments."""

__version__ = "0.1.0"

# Bumped whenever extraction output can change for the same input; stored with each claim.
EXTRACTOR_VERSION = "pactwatch-extract.v1"

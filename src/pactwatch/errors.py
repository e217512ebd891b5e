"""Coded errors. Every message the CLI, the API and the logs show for a failure comes
from here and starts with its code, e.g. ``[PW003] story.bin: binary file``."""

from __future__ import annotations


class PactwatchError(Exception):
    """Root of every error pactwatch raises on purpose."""

    code = "PW000"
    # Whether the failure may pass (a timeout, a server error): worth trying again later.
    transient = False

    def __init__(self, subject: str, reason: str) -> None:
        self.subject = subject
        self.reason = reason
        super().__init__(f"[{self.code}] {subject}: {reason}")


class InputError(PactwatchError):
    """An input (file, stdin, sidecar) that cannot be ingested."""


def _coded(code: str, base: type[PactwatchError] = InputError) -> type[PactwatchError]:
    return type(f"Error{code}", (base,), {"code": code})


# Inputs (one line each in `pactwatch ingest`)
MissingPath = _coded("PW001")
EmptyDocument = _coded("PW002")
BinaryDocument = _coded("PW003")
InvalidEncoding = _coded("PW004")
UnsupportedFormat = _coded("PW005")
CorruptPdf = _coded("PW006")
NoTextFound = _coded("PW007")
BadSidecar = _coded("PW008")
BadMetadata = _coded("PW009")
UnreadableInput = _coded("PW010")
DocumentTooLong = _coded("PW011")  # longer than PACTWATCH_MAX_CHARS, refused unparsed
ExtractionFailed = _coded("PW012")  # an unexpected error while extracting one document
NotRegularFile = _coded("PW013")  # a FIFO, socket or device: skipped, never opened

# Lookups and data
UnknownAgreement = _coded("PW020", PactwatchError)
UnknownClaim = _coded("PW021", PactwatchError)
UnknownDecision = _coded("PW022", PactwatchError)
BadDecision = _coded("PW023", PactwatchError)  # a decision that cannot be made as given
BadToken = _coded("PW024", PactwatchError)  # a token file line or analyst name unusable
BadDataFile = _coded("PW030", PactwatchError)
DatabaseError = _coded("PW040", PactwatchError)
ExecutorUnavailable = _coded("PW050", PactwatchError)  # Dask cannot be started or reached
TextMismatch = _coded("PW031", PactwatchError)  # a re-created text differs from its hash
BadSetting = _coded("PW060", PactwatchError)  # an environment setting out of range
# Watching sources (one line each in `pactwatch watch`; the round goes on)
BadSource = _coded("PW070", PactwatchError)  # a SOURCE that is neither a URL nor a URL list
FeedFailed = _coded("PW071", PactwatchError)  # a feed or sitemap unreachable or unreadable
FetchFailed = _coded("PW072", PactwatchError)  # an article that could not be fetched
AddressRefused = _coded("PW073", PactwatchError)  # a private address or a scheme not http(s)
WebhookFailed = _coded("PW074", PactwatchError)  # a webhook still failing after its retries
BadSince = _coded("PW075", PactwatchError)  # a --since that is not an ISO 8601 time

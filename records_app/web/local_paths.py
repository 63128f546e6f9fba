"""Where a link may send someone back to: a path on this site, never another host. Used for
the `next` of the sign-in and of the language link."""

from urllib.parse import urlsplit


def safe_next(target: str | None) -> str | None:
    """Only a path on this site: never another host, scheme or a protocol-relative URL."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None

"""The release settings (`config._release_settings`, README "Released records") as one
value, so that the rules below take them as an argument and run without an app."""

from collections.abc import Mapping
from dataclasses import dataclass

from flask import current_app

MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class ReleaseSettings:
    max_bytes_per_request: int = 1024 * MEGABYTE
    stamp: bool = True
    days_kept: int = 90
    link_days: int = 30
    email_attachment_bytes: int = 20 * MEGABYTE


def readable_size(byte_size: int) -> str:
    if byte_size >= MEGABYTE:
        return f"{byte_size / MEGABYTE:.1f} MB"
    return f"{max(byte_size // 1024, 1)} KB"


def from_config(config: Mapping) -> ReleaseSettings:
    return ReleaseSettings(
        max_bytes_per_request=config["RELEASE_MAX_MB_PER_REQUEST"] * MEGABYTE,
        stamp=config["RELEASE_STAMP"],
        days_kept=config["RELEASE_DAYS_KEPT"],
        link_days=config["RELEASE_LINK_DAYS"],
        email_attachment_bytes=config["RELEASE_EMAIL_ATTACHMENT_MB"] * MEGABYTE,
    )


def current() -> ReleaseSettings:
    """The running app's settings."""
    return from_config(current_app.config)

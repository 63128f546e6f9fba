"""Staff accounts and signing in: the account rules (`staff`), passwords, server-side
sessions, the lockout, two-step sign-in and the decision on one sign-in attempt. The account
rules are importable from here."""

from records_app.accounts.staff import (
    BREAK_GLASS_MAX_HOURS,
    NAME_MAX_LENGTH,
    AccountRefused,
    all_accounts,
    authenticate,
    change_role,
    check_new_account,
    create,
    create_with_temporary_password,
    deactivate,
    find,
    generate_password,
    issue_temporary_password,
    lookup_key,
    normalized_email,
    open_break_glass,
    reactivate,
    reset_two_step,
    set_password,
)

__all__ = [
    "BREAK_GLASS_MAX_HOURS",
    "NAME_MAX_LENGTH",
    "AccountRefused",
    "all_accounts",
    "authenticate",
    "change_role",
    "check_new_account",
    "create",
    "create_with_temporary_password",
    "deactivate",
    "find",
    "generate_password",
    "issue_temporary_password",
    "lookup_key",
    "normalized_email",
    "open_break_glass",
    "reactivate",
    "reset_two_step",
    "set_password",
]

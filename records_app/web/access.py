"""Who may see what: every staff page needs a signed-in account, admin pages the admin role.
And who is acting, for the audit trail."""

from functools import wraps

from flask import abort, request
from flask_login import current_user, login_required

from records_app import audit


def admin_required(view):
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def acting_staff() -> audit.Actor:
    """The signed-in staff member and the client's address, for the audit trail
    (45 CFR 164.312(b)). The address is the proxy-corrected one when ProxyFix is on."""
    return audit.Actor(user=current_user._get_current_object(), ip_address=request.remote_addr)


def acting_requester() -> audit.Actor:
    """A member of the public on the public pages, known only by the client's address."""
    return audit.Actor(label="requester", ip_address=request.remote_addr)

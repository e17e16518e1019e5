"""The audit trail of one child's record, for administrators and the team's manager."""
from __future__ import annotations

from flask import Blueprint, abort, g, render_template

from .. import db
from ..auth.access import can_view_audit
from ..models import Child
from . import services

bp = Blueprint("audit", __name__)


@bp.route("/children/<int:child_id>/audit")
def child_trail(child_id: int):
    session = db.session()
    child = db.get_or_404(Child, child_id)
    if not can_view_audit(g.user, child):
        abort(403)
    services.record(session=session, actor=g.user, action="view", entity_type="audit_trail",
                    entity_id=child.id, child_id=child.id)
    return render_template("audit/trail.html", child=child, events=services.trail_for_child(session=session, child_id=child.id))

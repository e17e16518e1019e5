"""The script editor: list, create, change and preview conversation scripts."""
from __future__ import annotations

from flask import Blueprint, render_template

from ..auth.access import CASE_ROLES, roles_required

bp = Blueprint("editor", __name__)


@bp.route("/scripts")
@roles_required(*CASE_ROLES)
def scripts():
    return render_template("editor/scripts.html")

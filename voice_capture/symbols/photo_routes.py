"""A child's own photos: added by their practitioners, shown only to them and to the child's conversation."""
from __future__ import annotations

import io

from flask import Blueprint, abort, flash, g, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from sqlmodel import select

from .. import db
from ..audit import services as audit
from ..auth.access import can_edit_profile, get_child_or_abort, media_or_abort
from ..models import ChildPhoto
from .photo_forms import PhotoForm
from .photos import PhotoError, clean_photo

bp = Blueprint("photos", __name__)
MAX_PHOTO_BYTES = 6 * 1024 * 1024  # under the request limit, so the photo's own message is shown


@bp.route("/children/<int:child_id>/photos", methods=["GET", "POST"])
def photos(child_id: int):
    session = db.session()
    child = get_child_or_abort(session, child_id, seen=("child_photo", None))
    if not can_edit_profile(session, g.user, child):
        abort(403)
    form = PhotoForm()
    if form.validate_on_submit():
        try:
            clean = clean_photo(form.photo.data.read(), max_bytes=MAX_PHOTO_BYTES)
        except PhotoError as error:
            form.photo.errors.append(str(error))
        else:
            photo = ChildPhoto(child_id=child.id, label=form.label.data, mime=clean.mime, width=clean.width,
                               height=clean.height, data=clean.data, created_by_id=g.user.id)
            session.add(photo)
            session.flush()
            audit.record(session=session, actor=g.user, action="create", entity_type="child_photo",
                         entity_id=photo.id, child_id=child.id)
            flash(_("The photo is added."), "success")
            return redirect(url_for("photos.photos", child_id=child.id))
    listed = session.exec(select(ChildPhoto.id, ChildPhoto.label).where(ChildPhoto.child_id == child.id)
                          .order_by(ChildPhoto.id)).all()
    return render_template("photos/photos.html", child=child, form=form, photos=listed)


@bp.route("/children/<int:child_id>/photos/<int:photo_id>")
def photo(child_id: int, photo_id: int):
    session = db.session()
    media_or_abort(session, child_id, seen=("child_photo", photo_id))
    found = session.get(ChildPhoto, photo_id)
    if found is None or found.child_id != child_id:
        abort(404)
    response = send_file(io.BytesIO(found.data), mimetype=found.mime, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/children/<int:child_id>/photos/<int:photo_id>/remove", methods=["POST"])
def remove(child_id: int, photo_id: int):
    session = db.session()
    child = get_child_or_abort(session, child_id)
    if not can_edit_profile(session, g.user, child):
        abort(403)
    found = session.get(ChildPhoto, photo_id)
    if found is None or found.child_id != child.id:
        abort(404)
    audit.record(session=session, actor=g.user, action="delete", entity_type="child_photo", entity_id=found.id,
                 child_id=child.id)
    session.delete(found)
    flash(_("The photo is removed."), "success")
    return redirect(url_for("photos.photos", child_id=child.id))

"""The order story page, and the read-only share link for customers."""

from __future__ import annotations

from flask import Blueprint, abort, make_response, render_template, request, url_for
from flask_babel import force_locale
from flask_login import current_user, login_required

from webapp.audit import services as audit
from webapp.extensions import db, htmx
from webapp.i18n import ui_lang
from webapp.orders.models import Order
from webapp.orders.views import load_order
from webapp.shipments.services import may_ship
from webapp.story import queries, share
from webapp.timeutil import today_in

bp = Blueprint("story", __name__)


@bp.get("/orders/<int:order_id>/story")
@login_required
def page(order_id: int):
    """Everything about one order on one page; htmx gets just the filtered timeline."""
    order = load_order(order_id)
    kind = request.args.get("kind", "")
    kind = kind if kind in queries.KINDS else ""
    tz = order.factory.timezone
    entries = queries.timeline(order, ui_lang(), kind or None)
    context = {
        "order": order,
        "kind": kind,
        "days": queries.by_day(entries, tz),
        "kinds": queries.KINDS,
    }
    if htmx:
        return render_template("story/_timeline.html", **context)
    from webapp.progress.queries import progress_for_orders
    from webapp.shipments.queries import for_order, shipped_quantities

    today = today_in(tz)
    progress = progress_for_orders([order], today)[order.id]
    return render_template(
        "story/page.html",
        **context,
        today=today,
        progress=progress,
        risks=queries.risk_reasons(order, progress, today, ui_lang()),
        next_action=queries.next_action(order, today),
        shipments=for_order(order.id),
        quantity=shipped_quantities([order])[order.id],
        can_share=may_ship(order, current_user),
    )


@bp.route("/orders/<int:order_id>/share", methods=["GET", "POST"])
@login_required
def share_link(order_id: int):
    """Make a read-only link for the customer, showing only the chosen sections."""
    from webapp.shipments.forms import ShareForm

    order = load_order(order_id)
    if not may_ship(order, current_user):
        abort(403)
    form = ShareForm()
    link = expires = None
    error = None
    if form.validate_on_submit():
        sections = [s for s in share.SECTIONS if getattr(form, s).data]
        if not sections:
            from flask_babel import gettext as _

            error = _("Choose at least one thing to share.")
        else:
            token, expires = share.make_token(order.id, sections, form.days.data)
            audit.record(
                current_user,
                "shared",
                order,
                {"share": [None, {"sections": sections, "expires": expires.isoformat()}]},
            )
            db.session.commit()
            link = url_for("story.shared", token=token, _external=True)
    status = 422 if (form.is_submitted() and not link) else 200
    return render_template(
        "story/share.html", order=order, form=form, link=link, expires=expires, error=error
    ), status


def _grant_or_refuse(token: str):
    try:
        grant = share.read_token(token)
    except share.ShareRefused as exc:
        response = make_response(
            render_template("story/share_refused.html", code=exc.code),
            410 if exc.code == "expired" else 404,
        )
        abort(_private(response))
    order = db.session.get(Order, grant.order_id)
    if order is None:
        abort(404)
    return grant, order


def _private(response):
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.get("/share/<token>")
def shared(token: str):
    """The customer's read-only view: only what the follower chose, in the customer's language."""
    grant, order = _grant_or_refuse(token)
    lang = request.args.get("lang") or order.customer.language or "en"
    lang = "zh_Hans" if lang.lower().startswith("zh") else "en"
    context = {"order": order, "grant": grant, "token": token, "lang": lang}
    with force_locale(lang):
        if grant.shows("progress"):
            from webapp.progress.queries import progress_for_orders

            context["progress"] = progress_for_orders([order], today_in(order.factory.timezone))[
                order.id
            ]
        if grant.shows("inspections"):
            from webapp.inspections.models import Inspection, InspectionStatus

            context["inspections"] = list(
                db.session.scalars(
                    db.select(Inspection)
                    .where(
                        Inspection.order_id == order.id,
                        Inspection.status == InspectionStatus.SUBMITTED,
                    )
                    .order_by(Inspection.submitted_at.desc())
                )
            )
        if grant.shows("shipments"):
            from webapp.shipments.models import ShipmentStatus
            from webapp.shipments.queries import for_order, shipped_quantities

            context["shipments"] = [
                s for s in for_order(order.id) if s.status is not ShipmentStatus.CANCELLED
            ]
            context["quantity"] = shipped_quantities([order])[order.id]
        html = render_template("story/shared.html", **context)
    return _private(make_response(html))


@bp.get("/share/<token>/inspections/<int:inspection_id>.pdf")
def shared_report(token: str, inspection_id: int):
    """An inspection report PDF, when the link shares inspections of this order."""
    grant, order = _grant_or_refuse(token)
    from webapp.inspections.models import Inspection, InspectionStatus

    inspection = db.session.get(Inspection, inspection_id)
    if (
        not grant.shows("inspections")
        or inspection is None
        or inspection.order_id != order.id
        or inspection.status is not InspectionStatus.SUBMITTED
    ):
        abort(404)
    from webapp.inspections.report import build_report
    from webapp.inspections.report_pdf import render_pdf

    lang = "zh_Hans" if (order.customer.language or "").startswith("zh") else "en"
    with force_locale(lang):
        data = render_pdf(build_report(inspection, lang))
    response = make_response(data)
    response.mimetype = "application/pdf"
    response.headers["Content-Disposition"] = f'inline; filename="{inspection.number}.pdf"'
    return _private(response)

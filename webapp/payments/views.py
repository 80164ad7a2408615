"""Payment pages: an order's milestones and receipts, overdue receivables per customer."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from webapp.auth.models import Role
from webapp.extensions import db
from webapp.orders.models import Order
from webapp.orders.views import load_order
from webapp.payments import labels, queries, rules, services
from webapp.payments.forms import MilestoneForm, ReceiptForm
from webapp.payments.models import MilestoneKind, PaymentMilestone
from webapp.sync.idempotency import ClientUUIDConflict, parse_uuid
from webapp.timeutil import app_today

bp = Blueprint("payments", __name__, url_prefix="/payments")


def may_edit(order: Order) -> bool:
    """The order's follower, supervisors and admins set up terms and record receipts."""
    if current_user.role in (Role.SUPERVISOR, Role.ADMIN):
        return True
    return current_user.role is Role.FOLLOWER and order.follower_id == current_user.id


def _context(order: Order, form: MilestoneForm | None = None, **extra) -> dict:
    if form is None:
        form = MilestoneForm(formdata=None, client_uuid=str(uuid.uuid4()), currency="USD")
    today = app_today()
    from webapp.approvals.services import open_request

    pending = open_request(rules.RELEASE_KIND, order.id)
    return {
        "order": order, "milestones": services.milestones(order.id), "today": today,
        "form": form, "receipt_form": ReceiptForm(formdata=None, received_on=today),
        "can_edit": may_edit(order), "balance_missing": rules.balance_missing(order),
        "release_needed": rules.release_needed(order),
        "outstanding": services.balance_outstanding(order), "release_pending": pending,
        **extra,
    }  # fmt: skip


@bp.get("/orders/<int:order_id>")
@login_required
def order(order_id: int):
    """The order's payment terms as milestones, with what came in."""
    return render_template("payments/order.html", **_context(load_order(order_id)))


@bp.post("/orders/<int:order_id>/milestones")
@login_required
def add(order_id: int):
    """Add a milestone to the order's terms."""
    order = load_order(order_id)
    if not may_edit(order):
        abort(404)
    form = MilestoneForm()
    error = None
    if form.validate_on_submit():
        data = {
            "kind": MilestoneKind(form.kind.data), "amount": form.amount.data,
            "currency": form.currency.data, "due_date": form.due_date.data,
            "due_days": form.due_days.data, "condition": form.condition.data or "",
        }  # fmt: skip
        try:
            services.add_milestone(order, data, by=current_user,
                                   client_uuid=parse_uuid(form.client_uuid.data))  # fmt: skip
        except services.PaymentRefused as exc:
            db.session.rollback()
            error = labels.rule_message(exc.code)
        except ClientUUIDConflict:
            db.session.rollback()
            form.client_uuid.data = str(uuid.uuid4())
            error = _("This milestone was already sent with other details. Check and save again.")
        else:
            db.session.commit()
            flash(_("Payment milestone saved."), "success")
            return redirect(url_for("payments.order", order_id=order.id))
    if form.client_uuid.errors:
        form.client_uuid.data = str(uuid.uuid4())
    return render_template("payments/order.html", **_context(order, form, error=error)), 422


def _load_milestone(milestone_id: int) -> PaymentMilestone:
    milestone = db.get_or_404(PaymentMilestone, milestone_id)
    if not milestone.order.can_view(current_user) or not may_edit(milestone.order):
        abort(404)
    return milestone


@bp.post("/<int:milestone_id>/receipt")
@login_required
def receipt(milestone_id: int):
    """Record the total received on a milestone and the date."""
    milestone = _load_milestone(milestone_id)
    form = ReceiptForm()
    error = None
    if form.validate_on_submit():
        try:
            services.record_receipt(
                milestone, amount=form.amount.data, received_on=form.received_on.data,
                by=current_user, today=app_today(), note=form.note.data or "",
            )  # fmt: skip
        except services.PaymentRefused as exc:
            db.session.rollback()
            error = labels.rule_message(exc.code)
        else:
            db.session.commit()
            flash(_("Receipt saved."), "success")
            return redirect(url_for("payments.order", order_id=milestone.order_id))
    else:
        error = " ".join(str(e) for f in (form.amount, form.received_on) for e in f.errors)
    order = milestone.order
    context = _context(order, error=error, failed_id=milestone.id, failed_form=form)
    return render_template("payments/order.html", **context), 422


@bp.post("/<int:milestone_id>/delete")
@login_required
def delete(milestone_id: int):
    """Remove a milestone entered by mistake."""
    milestone = _load_milestone(milestone_id)
    order_id = milestone.order_id
    try:
        services.remove_milestone(milestone, by=current_user)
    except services.PaymentRefused as exc:
        db.session.rollback()
        flash(labels.rule_message(exc.code), "error")
    else:
        db.session.commit()
        flash(_("Payment milestone removed."), "success")
    return redirect(url_for("payments.order", order_id=order_id))


@bp.post("/orders/<int:order_id>/release")
@login_required
def release(order_id: int):
    """Ask a supervisor to release the goods although the balance is not received."""
    order = load_order(order_id)
    if not may_edit(order):
        abort(404)
    reason = (request.form.get("reason") or "").strip()
    if not rules.release_needed(order):
        flash(_("Nothing to release: the balance is in, or the goods are released."), "info")
        return redirect(url_for("payments.order", order_id=order.id))
    if not reason:
        context = _context(order, release_error=_("Give the reason for the release."))
        return render_template("payments/order.html", **context), 422
    from webapp.approvals.services import request_approval

    request_approval(
        kind=rules.RELEASE_KIND, by=current_user, order=order, subject_id=order.id, reason=reason,
        payload={"outstanding": str(services.balance_outstanding(order))},
        client_uuid=parse_uuid(request.form.get("client_uuid")),
    )  # fmt: skip
    db.session.commit()
    flash(_("Sent to the supervisor for approval."), "success")
    return redirect(url_for("payments.order", order_id=order.id))


@bp.get("/overdue")
@login_required
def overdue():
    """Overdue receivables, per customer."""
    today = app_today()
    return render_template(
        "payments/overdue.html", groups=queries.overdue_by_customer(current_user, today),
        today=today,
    )  # fmt: skip

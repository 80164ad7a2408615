"""Sample pages: the follow-up list, request, one round with its steps, answer, next round."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from webapp.auth.models import Role
from webapp.extensions import db
from webapp.media.labels import reject_message
from webapp.media.services import ImageRejected
from webapp.orders.models import Customer, Order
from webapp.orders.views import load_order
from webapp.samples import labels, queries, rules, services
from webapp.samples.forms import (
    CancelForm,
    ExceptionForm,
    NextRoundForm,
    ResultForm,
    SampleForm,
    StepForm,
)
from webapp.samples.models import Sample, SampleMaker, SampleStatus, SampleType
from webapp.sync.idempotency import ClientUUIDConflict, parse_uuid
from webapp.timeutil import app_today

bp = Blueprint("samples", __name__, url_prefix="/samples")

RECORDERS = (Role.FOLLOWER, Role.SUPERVISOR, Role.ADMIN)
COURIERS = ("顺丰 SF Express", "DHL", "FedEx", "UPS", "EMS", "TNT")


def load_sample(sample_id: int) -> Sample:
    """The sample, or 404 when it does not exist or the user may not see it."""
    sample = db.get_or_404(Sample, sample_id)
    if not sample.can_view(current_user):
        abort(404)
    return sample


def chase_days() -> int:
    """Days a sent sample may wait for the customer's answer before the follower chases."""
    return int(current_app.config.get("SAMPLE_ANSWER_CHASE_DAYS", 5))


def _photos(field) -> list[bytes]:
    return [f.read() for f in (field.data or []) if getattr(f, "filename", "")]


@bp.get("/")
@login_required
def index():
    """Due this week, waiting for the customer, rejections to act on; then all samples."""
    today = app_today()
    text = request.args.get("q", "")
    status = request.args.get("status", "open")
    return render_template(
        "samples/index.html", follow=queries.follow_up(current_user, today, chase_days()),
        samples=queries.search(current_user, text, status), q=text, status=status, today=today,
        chase_days=chase_days(), can_create=current_user.has_role(*RECORDERS),
    )  # fmt: skip


# --- request ---------------------------------------------------------------------------------


def _fill_choices(form: SampleForm) -> None:
    from webapp.orders.queries import search as search_orders

    orders = search_orders(current_user, open_only=True, limit=500)
    form.order_id.choices = [SelectChoice(0, _("— no order: a customer's style —"))] + [
        SelectChoice(o.id, f"{o.number} · {o.style} · {o.customer.name}") for o in orders
    ]
    customers = db.session.scalars(
        sa.select(Customer).where(Customer.active).order_by(Customer.name)
    )
    form.customer_id.choices = [SelectChoice(0, "—")] + [
        SelectChoice(c.id, c.name) for c in customers
    ]


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Request a sample for an order, or for a customer's style before any order exists."""
    if not current_user.has_role(*RECORDERS):
        abort(403)
    form = SampleForm()
    _fill_choices(form)
    if request.method == "GET":
        form.client_uuid.data = str(uuid.uuid4())
        form.requested_date.data = app_today()
        form.quantity.data = 1
        form.maker.data = SampleMaker.FACTORY.value
        if order_id := request.args.get("order", type=int):
            form.order_id.data = order_id
        if request.args.get("type") in {t.value for t in SampleType}:
            form.type.data = request.args["type"]
    error = None
    if form.validate_on_submit():
        order = load_order(form.order_id.data) if form.order_id.data else None
        if order is not None and not _may_record(order):
            abort(404)
        valid_customer = order is not None or any(
            c.data == form.customer_id.data for c in form.customer_id.choices if c.data
        )
        if not valid_customer:
            form.customer_id.errors = [_("Choose the order, or the customer and the style.")]
        else:
            data = {
                "customer_id": form.customer_id.data, "style": (form.style.data or "").strip(),
                "type": SampleType(form.type.data), "quantity": form.quantity.data,
                "requested_date": form.requested_date.data, "due_date": form.due_date.data,
                "maker": SampleMaker(form.maker.data), "spec": form.spec.data or "",
            }  # fmt: skip
            try:
                sample, _created = services.create_sample(
                    data, by=current_user, order=order,
                    client_uuid=parse_uuid(form.client_uuid.data),
                )  # fmt: skip
            except services.SampleRefused as exc:
                db.session.rollback()
                error = labels.rule_message(exc.code)
            except ClientUUIDConflict:
                db.session.rollback()
                form.client_uuid.data = str(uuid.uuid4())
                error = _("This sample was already sent with other details. Check and save again.")
            else:
                db.session.commit()
                flash(_("Sample %(number)s requested.", number=sample.number), "success")
                return redirect(url_for("samples.detail", sample_id=sample.id))
    if form.client_uuid.errors:
        form.client_uuid.data = str(uuid.uuid4())
    status = 422 if form.is_submitted() else 200
    return render_template("samples/new.html", form=form, error=error), status


def _may_record(order: Order) -> bool:
    if current_user.role in (Role.SUPERVISOR, Role.ADMIN):
        return True
    return current_user.role is Role.FOLLOWER and order.follower_id == current_user.id


# --- one round -------------------------------------------------------------------------------


def _rounds(sample: Sample) -> list[Sample]:
    """Every round of the request this round belongs to, first to last."""
    first = sample
    while first.previous is not None:
        first = first.previous
    chain = [first]
    while chain[-1].next_round is not None:
        chain.append(chain[-1].next_round)
    return chain


def _context(sample: Sample, **forms) -> dict:
    from webapp.audit.services import history

    today = app_today()
    step = services.next_step(sample)
    can_edit = sample.can_edit(current_user)
    step_form = forms.get("step_form") or StepForm(formdata=None, to=step.value if step else "",
                                                   client_uuid=str(uuid.uuid4()))  # fmt: skip
    if step is SampleStatus.SENT and step_form.sent_on.data is None:
        step_form.sent_on.data = today
    result_form = forms.get("result_form") or ResultForm(
        formdata=None, client_uuid=str(uuid.uuid4()), answered_on=today
    )
    round_form = forms.get("round_form") or NextRoundForm(
        formdata=None, client_uuid=str(uuid.uuid4()), spec=sample.spec
    )
    return {
        "sample": sample, "rounds": _rounds(sample), "step": step, "today": today,
        "can_step": can_edit and step is not None,
        "can_answer": can_edit and sample.status is SampleStatus.SENT,
        "can_next_round": can_edit and sample.status is SampleStatus.REJECTED
        and sample.next_round is None,
        "can_cancel": can_edit and not sample.status.is_final,
        "step_form": step_form, "result_form": result_form, "round_form": round_form,
        "cancel_form": forms.get("cancel_form") or CancelForm(formdata=None),
        "overdue": queries.is_overdue(sample, today),
        "waiting": queries.waiting_days(sample, today), "chase_days": chase_days(),
        "history": history(sample), "couriers": COURIERS, "error": forms.get("error"),
    }  # fmt: skip


@bp.get("/<int:sample_id>")
@login_required
def detail(sample_id: int):
    """One round: facts, photos, its rounds, the next step or the customer's answer."""
    sample = load_sample(sample_id)
    return render_template("samples/detail.html", **_context(sample))


def _editable(sample_id: int) -> Sample:
    sample = load_sample(sample_id)
    if not sample.can_edit(current_user):
        abort(403)
    return sample


def _again(sample: Sample, status: int = 422, **forms):
    db.session.rollback()
    sample = load_sample(sample.id)
    return render_template("samples/detail.html", **_context(sample, **forms)), status


@bp.post("/<int:sample_id>/step")
@login_required
def step(sample_id: int):
    """In making, ready (with photos) or sent (courier, tracking number, date)."""
    sample = _editable(sample_id)
    form = StepForm()
    try:
        to = SampleStatus(form.to.data)
    except ValueError:
        abort(400)
    if not form.validate_on_submit():
        return _again(sample, step_form=form)
    try:
        services.advance(
            sample, to, by=current_user, step_uuid=parse_uuid(form.client_uuid.data),
            photos=_photos(form.photos), sent_on=form.sent_on.data,
            courier=form.courier.data or "", tracking_no=form.tracking_no.data or "",
            today=app_today(),
        )  # fmt: skip
    except ImageRejected as exc:
        form.photos.errors = [reject_message(exc)]
        return _again(sample, step_form=form)
    except services.SampleRefused as exc:
        message = labels.rule_message(exc.code)
        if exc.code == "courier_required":
            for f in (form.courier, form.tracking_no):
                if not (f.data or "").strip():
                    f.errors = [*f.errors, message]
            return _again(sample, step_form=form)
        if exc.code == "future_date":
            form.sent_on.errors = [message]
            return _again(sample, step_form=form)
        return _again(sample, 409, step_form=form, error=message)
    db.session.commit()
    flash(_("Step saved: %(status)s.", status=labels.STATUS_LABELS[sample.status]), "success")
    return redirect(url_for("samples.detail", sample_id=sample.id))


@bp.post("/<int:sample_id>/result")
@login_required
def result(sample_id: int):
    """The customer's answer: approved, approved with comments, or rejected with comments."""
    sample = _editable(sample_id)
    form = ResultForm()
    if not form.validate_on_submit():
        return _again(sample, result_form=form)
    try:
        services.record_result(
            sample, SampleStatus(form.result.data), by=current_user,
            comment=form.comment.data or "", answered_on=form.answered_on.data,
            photos=_photos(form.photos), step_uuid=parse_uuid(form.client_uuid.data),
            today=app_today(),
        )  # fmt: skip
    except ImageRejected as exc:
        form.photos.errors = [reject_message(exc)]
        return _again(sample, result_form=form)
    except services.SampleRefused as exc:
        message = labels.rule_message(exc.code)
        target = {"comment_required": form.comment, "future_date": form.answered_on,
                  "answer_before_sent": form.answered_on}.get(exc.code)  # fmt: skip
        if target is None:
            return _again(sample, 409, result_form=form, error=message)
        target.errors = [*target.errors, message]
        return _again(sample, result_form=form)
    db.session.commit()
    flash(_("Customer's answer saved: %(status)s.", status=labels.STATUS_LABELS[sample.status]),
          "success")  # fmt: skip
    return redirect(url_for("samples.detail", sample_id=sample.id))


@bp.post("/<int:sample_id>/next-round")
@login_required
def next_round(sample_id: int):
    """Open the next round of a rejected sample."""
    sample = _editable(sample_id)
    form = NextRoundForm()
    if not form.validate_on_submit():
        if form.client_uuid.errors:
            form.client_uuid.data = str(uuid.uuid4())
        return _again(sample, round_form=form)
    today = app_today()
    if form.due_date.data < today:
        form.due_date.errors = [labels.rule_message("due_before_request")]
        return _again(sample, round_form=form)
    try:
        new, _created = services.open_next_round(
            sample, by=current_user, client_uuid=parse_uuid(form.client_uuid.data),
            due_date=form.due_date.data, requested_date=today, spec=form.spec.data or "",
        )  # fmt: skip
    except services.SampleRefused as exc:
        return _again(sample, 409, round_form=form, error=labels.rule_message(exc.code))
    except ClientUUIDConflict:
        form.client_uuid.data = str(uuid.uuid4())
        return _again(sample, 409, round_form=form, error=_("Reload the page and try again."))
    db.session.commit()
    flash(_("Round %(n)d opened.", n=new.round_no), "success")
    return redirect(url_for("samples.detail", sample_id=new.id))


@bp.post("/<int:sample_id>/cancel")
@login_required
def cancel(sample_id: int):
    """Withdraw a round that is no longer needed."""
    sample = _editable(sample_id)
    form = CancelForm()
    form.validate_on_submit()
    try:
        services.cancel(sample, by=current_user, reason=form.reason.data or "")
    except services.SampleRefused as exc:
        form.reason.errors = [labels.rule_message(exc.code)]
        return _again(sample, cancel_form=form)
    db.session.commit()
    flash(_("Sample cancelled."), "success")
    return redirect(url_for("samples.detail", sample_id=sample.id))


# --- the PP rule's exception -------------------------------------------------------------------


@bp.route("/orders/<int:order_id>/pp-exception", methods=["GET", "POST"])
@login_required
def pp_exception(order_id: int):
    """Ask a supervisor to let bulk start before the PP sample is approved."""
    order = load_order(order_id)
    if not _may_record(order):
        abort(404)
    state = rules.pp_state(order)
    form = ExceptionForm()
    if request.method == "GET":
        form.client_uuid.data = str(uuid.uuid4())
    elif state == "waiting" and form.validate_on_submit():
        from webapp.approvals.services import request_approval

        request_approval(
            kind=rules.EXCEPTION_KIND, by=current_user, order=order, subject_id=order.id,
            reason=form.reason.data.strip(), client_uuid=parse_uuid(form.client_uuid.data),
            payload={"pp_samples": [s.id for s in rules.pp_samples(order)]},
        )  # fmt: skip
        db.session.commit()
        flash(_("Sent to the supervisor for approval."), "success")
        return redirect(url_for("orders.detail", order_id=order.id))
    from webapp.approvals.services import open_request

    status = 422 if form.is_submitted() else 200
    return render_template(
        "samples/pp_exception.html", order=order, form=form, state=state, today=app_today(),
        pp_samples=rules.pp_samples(order), pending=open_request(rules.EXCEPTION_KIND, order.id),
    ), status  # fmt: skip

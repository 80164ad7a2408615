"""The approval queue (supervisors, on a tablet), the requester's own requests, and the forms
followers use to ask for a concession or a due-date change."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from webapp.approvals import labels, queries, registry, services
from webapp.approvals.forms import AnswerForm, DecideForm, DueDateRequestForm, RequestForm
from webapp.approvals.models import ApprovalRequest
from webapp.extensions import db, htmx
from webapp.sync.idempotency import ClientUUIDConflict, parse_uuid

bp = Blueprint("approvals", __name__, url_prefix="/approvals")

ACTIONS = ("approve", "reject", "hold", "ask")


def load_request(request_id: int) -> ApprovalRequest:
    """The request, or 404 when missing or not the user's to see."""
    req = db.get_or_404(ApprovalRequest, request_id)
    if not req.can_view(current_user) or registry.find(req.kind) is None:
        abort(404)
    return req


def _kind_filter() -> str | None:
    kind = request.values.get("kind") or None
    return kind if kind and registry.find(kind) else None


def _list_context(selected_id: int | None, kind: str | None) -> dict:
    items = queries.queue(current_user, kind=kind)
    counts: dict[str, int] = {}
    for req in queries.queue(current_user):
        counts[req.kind] = counts.get(req.kind, 0) + 1
    return {
        "items": items,
        "kinds": registry.all_kinds(),
        "kind_counts": counts,
        "kind_filter": kind,
        "selected_id": selected_id,
        "pending_count": queries.pending_count(current_user),
        "batchable_ids": {r.id for r in items if registry.get(r.kind).is_batchable(r)},
        "titles": {r.id: _title(r) for r in items},
    }


def _title(req: ApprovalRequest) -> str:
    try:
        return registry.get(req.kind).title(req)
    except services.ApprovalRefused:
        return req.number


def _detail_context(req: ApprovalRequest | None, form: DecideForm | None = None, **extra) -> dict:
    if req is None:
        return {"req": None, **extra}
    kind = registry.get(req.kind)
    try:
        evidence = kind.context(req)
    except services.ApprovalRefused:
        evidence = {}
    return {
        "req": req,
        "kind": kind,
        "title": _title(req),
        "evidence": evidence,
        "form": form or DecideForm(formdata=None),
        "can_decide": current_user.can_decide_approvals() and req.is_open,
        "is_requester": req.requested_by_id == current_user.id,
        "answer_form": extra.pop("answer_form", None)
        or AnswerForm(formdata=None, client_uuid=str(uuid.uuid4())),
        **extra,
    }


@bp.get("/")
@login_required
def index():
    """Supervisors: the queue with the selected request beside it. Others: their requests."""
    if not current_user.can_decide_approvals():
        return redirect(url_for("approvals.mine"))
    kind = _kind_filter()
    context = _list_context(request.args.get("id", type=int), kind)
    selected = None
    if context["selected_id"]:
        selected = load_request(context["selected_id"])
    elif context["items"]:
        selected = context["items"][0]
        context["selected_id"] = selected.id
    return render_template("approvals/index.html", **context, **_detail_context(selected))


@bp.get("/list")
@login_required
def list_fragment():
    """The queue list alone (polled every 10 s), with the navigation badge out of band."""
    if not current_user.can_decide_approvals():
        abort(403)
    context = _list_context(request.args.get("selected", type=int), _kind_filter())
    return render_template("approvals/_list.html", oob_badge=True, **context)


@bp.get("/<int:request_id>")
@login_required
def detail(request_id: int):
    """One request: evidence and decision (htmx: the detail pane only)."""
    req = load_request(request_id)
    if htmx and htmx.target == "approval-detail":
        return render_template("approvals/_detail.html", **_detail_context(req))
    if current_user.can_decide_approvals():
        return redirect(url_for("approvals.index", id=req.id))
    return render_template("approvals/detail.html", **_detail_context(req))


def _detail_response(req: ApprovalRequest, status: int, **extra):
    context = _detail_context(req, **extra)
    if htmx:
        response = render_template("approvals/_detail.html", **context), status
    elif current_user.can_decide_approvals() and status < 400:
        return redirect(url_for("approvals.index", id=req.id))
    elif current_user.can_decide_approvals():
        list_context = _list_context(req.id, None)
        response = render_template("approvals/index.html", **list_context, **context), status
    else:
        response = render_template("approvals/detail.html", **context), status
    return response


@bp.post("/<int:request_id>/decide")
@login_required
def decide(request_id: int):
    """Approve, reject (comment required), hold, or send back with a question."""
    req = load_request(request_id)
    if not current_user.can_decide_approvals():
        abort(403)
    form = DecideForm()
    action = request.form.get("action", "")
    if action not in ACTIONS or not form.validate_on_submit():
        return _detail_response(req, 422, form=form, error=_("Choose what to do."))
    kind = registry.get(req.kind)
    decision = request.form.get("decision", "")
    try:
        if action in ("approve", "reject"):
            data = kind.read_data(request.form, decision) if action == "approve" else {}
            services.decide(
                req, by=current_user, approve=action == "approve", comment=form.comment.data or "",
                decision=decision, version=form.version.data, data=data,
            )  # fmt: skip
            message = labels.STATUS_LABELS[req.status]
        elif action == "hold":
            services.hold(req, by=current_user, comment=form.comment.data or "",
                          version=form.version.data)  # fmt: skip
            message = _("Put on hold.")
        else:
            services.ask_info(req, by=current_user, question=form.question.data or "",
                              version=form.version.data)  # fmt: skip
            message = _("Sent back to %(name)s with your question.",
                        name=req.requested_by.full_name)  # fmt: skip
    except services.AlreadyDecided as exc:
        db.session.rollback()
        current = db.session.get(ApprovalRequest, req.id)
        return _detail_response(current, 409, conflict=labels.refusal(exc))
    except services.ApprovalRefused as exc:
        db.session.rollback()
        req = db.session.get(ApprovalRequest, req.id)
        return _detail_response(req, 422, form=form, error=labels.refusal(exc), action=action)
    db.session.commit()
    if not htmx:
        flash(str(message), "success")
    response = _detail_response(req, 200, saved=str(message))
    if htmx:
        body, status = response
        return body, status, {"HX-Trigger": "approvals-changed"}
    return response


@bp.post("/batch")
@login_required
def batch():
    """Approve the ticked routine requests after one confirmation."""
    if not current_user.can_decide_approvals():
        abort(403)
    form = DecideForm()
    if not form.validate_on_submit():
        abort(400)
    ids = [int(i) for i in request.form.getlist("ids") if i.isdigit()]
    reqs = [load_request(i) for i in ids]
    if not reqs:
        context = _list_context(None, None)
        selected = context["items"][0] if context["items"] else None
        return render_template(
            "approvals/index.html", **context, **_detail_context(selected),
            batch_error=_("Tick the requests to approve together."),
        ), 422  # fmt: skip
    try:
        approved, conflicts = services.decide_batch(reqs, by=current_user,
                                                    comment=form.comment.data or "")  # fmt: skip
    except services.ApprovalRefused as exc:
        db.session.rollback()
        flash(labels.refusal(exc), "error")
        return redirect(url_for("approvals.index")), 303
    db.session.commit()
    if approved:
        flash(_("%(num)d requests approved.", num=len(approved)), "success")
    for exc in conflicts:
        flash(f"{exc.request.number}: {labels.refusal(exc)}", "warning")
    return redirect(url_for("approvals.index")), 303


# --- the requester's side --------------------------------------------------------------------


@bp.get("/mine")
@login_required
def mine():
    """My requests: status, the question to answer, the decision (polled every 10 s)."""
    items = queries.mine(current_user)
    context = {"items": items, "titles": {r.id: _title(r) for r in items}}
    if htmx:
        return render_template("approvals/_mine.html", **context)
    return render_template("approvals/mine.html", **context)


@bp.get("/recent")
@login_required
def recent():
    """The requester's latest requests for the home page (polled)."""
    items = queries.mine(current_user)[:5]
    return render_template(
        "approvals/_recent.html", items=items, titles={r.id: _title(r) for r in items}
    )


@bp.post("/<int:request_id>/answer")
@login_required
def answer(request_id: int):
    """The requester answers the question; the request returns to the queue."""
    req = load_request(request_id)
    if req.requested_by_id != current_user.id:
        abort(404)
    form = AnswerForm()
    if not form.validate_on_submit():
        return _detail_response(req, 422, answer_form=form)
    try:
        services.answer(req, by=current_user, text=form.text.data,
                        client_uuid=parse_uuid(form.client_uuid.data))  # fmt: skip
    except services.ApprovalRefused as exc:
        db.session.rollback()
        req = db.session.get(ApprovalRequest, req.id)
        return _detail_response(req, 409, answer_form=form, error=labels.refusal(exc))
    db.session.commit()
    flash(_("Answer sent. The request is back in the supervisor's queue."), "success")
    return redirect(url_for("approvals.detail", request_id=req.id)), 303


@bp.post("/<int:request_id>/withdraw")
@login_required
def withdraw(request_id: int):
    """The requester takes the request back before a decision."""
    req = load_request(request_id)
    if req.requested_by_id != current_user.id:
        abort(404)
    DecideForm().validate_on_submit() or abort(400)
    try:
        services.withdraw(req, by=current_user)
    except services.ApprovalRefused as exc:
        db.session.rollback()
        flash(labels.refusal(exc), "error")
        return redirect(url_for("approvals.detail", request_id=req.id)), 303
    db.session.commit()
    flash(_("Request withdrawn."), "success")
    return redirect(url_for("approvals.mine")), 303


# --- raising requests from the domain pages --------------------------------------------------


def _raise(form, subject_url: str, template_context: dict, create):
    """Validate, create (idempotent on the form's UUID), commit, back to the subject."""
    if not form.validate_on_submit():
        return render_template("approvals/request.html", form=form, back=subject_url,
                               **template_context), 422  # fmt: skip
    try:
        create()
    except services.ApprovalRefused as exc:
        db.session.rollback()
        return render_template("approvals/request.html", form=form, back=subject_url,
                               error=labels.refusal(exc), **template_context), 422  # fmt: skip
    except ClientUUIDConflict:
        db.session.rollback()
        form.client_uuid.data = str(uuid.uuid4())
        return render_template(
            "approvals/request.html", form=form, back=subject_url, **template_context,
            error=_("This request was already sent with other content. Check it and send again."),
        ), 409  # fmt: skip
    db.session.commit()
    flash(_("Request sent to the supervisor."), "success")
    return redirect(subject_url), 303


@bp.route("/request/inspection/<int:inspection_id>/concession", methods=["GET", "POST"])
@login_required
def request_inspection_concession(inspection_id: int):
    """Ask to accept a rejected lot under concession (让步接收)."""
    from webapp.inspections import approval_kinds
    from webapp.inspections.views import load_inspection

    inspection = load_inspection(inspection_id)
    if not approval_kinds.may_request_concession(inspection, current_user):
        abort(403)
    form = RequestForm() if request.method == "POST" else RequestForm(client_uuid=uuid.uuid4())
    back = url_for("inspections.detail", inspection_id=inspection.id)
    context = {"heading": _("Ask for a concession (让步接收)"),
               "subject": f"{inspection.number} · {inspection.order.style}"}  # fmt: skip
    if request.method == "GET":
        return render_template("approvals/request.html", form=form, back=back, **context)
    return _raise(form, back, context, lambda: approval_kinds.request_concession(
        inspection, by=current_user, reason=form.reason.data,
        client_uuid=parse_uuid(form.client_uuid.data)))  # fmt: skip


@bp.route("/request/material/<int:po_id>/concession", methods=["GET", "POST"])
@login_required
def request_material_concession(po_id: int):
    """Ask to take a rejected material lot into the warehouse as a concession."""
    from webapp.materials import approval_kinds
    from webapp.materials.views import load_po

    po = load_po(po_id)
    if not approval_kinds.may_request(po, current_user):
        abort(403)
    form = RequestForm() if request.method == "POST" else RequestForm(client_uuid=uuid.uuid4())
    back = url_for("materials.detail", po_id=po.id)
    context = {"heading": _("Ask for a concession (让步接收)"),
               "subject": f"{po.number} · {po.item}"}  # fmt: skip
    if request.method == "GET":
        return render_template("approvals/request.html", form=form, back=back, **context)
    return _raise(form, back, context, lambda: approval_kinds.request_concession(
        po, by=current_user, reason=form.reason.data,
        client_uuid=parse_uuid(form.client_uuid.data)))  # fmt: skip


@bp.route("/request/order/<int:order_id>/due-date", methods=["GET", "POST"])
@login_required
def request_due_date(order_id: int):
    """Ask for a new due date (交期变更)."""
    from webapp.orders import approval_kinds
    from webapp.orders.views import load_order

    order = load_order(order_id)
    if not approval_kinds.may_request(order, current_user):
        abort(403)
    if request.method == "POST":
        form = DueDateRequestForm()
    else:
        form = DueDateRequestForm(client_uuid=uuid.uuid4())
    back = url_for("orders.detail", order_id=order.id)
    context = {"heading": _("Ask for a new due date"),
               "subject": f"{order.number} · {order.style}", "order": order}  # fmt: skip
    if request.method == "GET":
        return render_template("approvals/request.html", form=form, back=back, **context)
    return _raise(form, back, context, lambda: approval_kinds.request_change(
        order, by=current_user, new_due=form.new_due.data, reason=form.reason.data,
        client_uuid=parse_uuid(form.client_uuid.data)))  # fmt: skip

"""The samples' approval kind: let bulk production start before the PP sample is approved."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp.approvals.registry import ApprovalKind, register
from webapp.samples import rules


def _title(req) -> str:
    order = req.order
    number = order.number if order is not None else f"#{req.subject_id}"
    return _("Start bulk of %(order)s before PP sample approval", order=number)


def _context(req) -> dict:
    from webapp.timeutil import app_today

    order = req.order
    return {
        "order": order, "today": app_today(),
        "pp_samples": rules.pp_samples(order) if order is not None else [],
    }  # fmt: skip


PP_SAMPLE_EXCEPTION = register(
    ApprovalKind(
        name=rules.EXCEPTION_KIND,
        label=_l("Bulk before PP sample approval"),
        title=_title,
        detail_template="samples/_approval_pp_exception.html",
        context=_context,
    )
)

"""Turning an inspection into the data of its customer report (the PDF renderer is pure)."""

from __future__ import annotations

from flask_babel import format_date, format_datetime
from flask_babel import gettext as _

from webapp.inspections import services
from webapp.inspections.labels import (
    CHECK_RESULT_LABELS,
    CHECKLIST_LABELS,
    CLASS_LABELS,
    REPORT_TITLES,
    RESULT_LABELS,
    SEVERITY_LABELS,
    STATUS_LABELS,
    TYPE_LABELS,
)
from webapp.inspections.models import Inspection, InspectionResult
from webapp.inspections.report_pdf import (
    InspectionReport,
    ReportChecklistRow,
    ReportClassRow,
    ReportDefectRow,
    ReportPhoto,
)
from webapp.media.services import storage
from webapp.models_base import utcnow


def report_labels() -> dict[str, str]:
    """Section headings and column names in the current locale."""
    return {
        "summary": _("Summary"), "verdict": _("Verdict"), "standard": _("Sampling standard"),
        "results": _("Results per defect class"), "class": _("Class"), "aql": _("AQL"),
        "sample_size": _("Sample size"), "accept": _("Ac"), "reject": _("Re"), "found": _("Found"),
        "result": _("Result"), "defects": _("Defects found"), "defect_type": _("Defect"),
        "count": _("Count"), "note": _("Note"), "checklist": _("Checklist"), "item": _("Item"),
        "comment": _("Comment"), "photos": _("Defect photos"), "notes": _("Notes"),
        "page": _("Page"), "of": _("of"), "generated": _("Generated"),
        "no_defects": _("No defects were found in the sample."),
    }  # fmt: skip


def standard_text(inspection: Inspection) -> str:
    """e.g. 'ANSI/ASQ Z1.4 single sampling, inspection level II, normal inspection'."""
    return _(
        "ANSI/ASQ Z1.4 (ISO 2859-1) single sampling, inspection level %(level)s, %(severity)s",
        level=inspection.level, severity=SEVERITY_LABELS[inspection.severity],
    )  # fmt: skip


def build_report(inspection: Inspection, lang: str) -> InspectionReport:
    """Everything the PDF shows, translated (call inside force_locale(lang))."""
    order = inspection.order
    live = services.live_state(inspection)
    when = inspection.submitted_at or inspection.created_at
    header = [
        (_("Customer"), order.customer.name),
        (_("PO number"), order.po_number),
        (_("Style"), order.style),
        (_("Product"), order.product_name),
        (_("Factory"), order.factory.name),
        (_("Order quantity"), f"{order.quantity} {order.unit}"),
        (_("Inspection type"), str(TYPE_LABELS[inspection.type])),
        (
            _("Inspection date"),
            format_date(when.date() if hasattr(when, "date") else when, "medium"),
        ),
        (_("Inspector"), inspection.inspector.full_name),
        (_("Lot size"), str(inspection.lot_size)),
        (_("Sample size"), str(inspection.sample_size)),
        (_("Report"), inspection.number),
    ]
    classes = [
        ReportClassRow(
            label=str(CLASS_LABELS[c.defect_class]),
            aql=c.plan.aql,
            sample_size=c.plan.sample_size,
            accept=c.plan.accept,
            reject=c.plan.reject,
            found=c.found,
            result_label=str(
                RESULT_LABELS[
                    InspectionResult.REJECTED if c.status == "reject" else InspectionResult.ACCEPTED
                ]
            ),
            accepted=c.status != "reject",
        )
        for c in live
    ]
    defects = [
        ReportDefectRow(
            d.defect_type.label(lang), str(CLASS_LABELS[d.defect_class.value]), d.count, d.note
        )
        for d in inspection.defects
    ]
    checklist = [
        ReportChecklistRow(
            str(CHECKLIST_LABELS.get(row.item, row.item)),
            str(CHECK_RESULT_LABELS[row.result]),
            None if row.result == "na" else row.result == "pass",
            row.comment,
        )
        for row in inspection.checklist
    ]
    store = storage()
    photos = []
    for d in inspection.defects:
        for n, dp in enumerate(d.photos, start=1):
            kind = CLASS_LABELS[d.defect_class.value]
            caption = f"{d.defect_type.label(lang)} · {kind} · {n}/{len(d.photos)}"
            if d.note:
                caption += f" · {d.note}"
            photos.append(
                ReportPhoto(
                    caption, store.open(dp.photo.display_key), dp.photo.width, dp.photo.height
                )
            )
    accepted = (
        inspection.result is not InspectionResult.REJECTED
        if inspection.result
        else all(c.accepted for c in classes)
    )
    verdict_label = str(
        RESULT_LABELS[InspectionResult.ACCEPTED if accepted else InspectionResult.REJECTED]
    )
    # "In progress" on a draft, "waiting for approval" once submitted.
    note = str(STATUS_LABELS[inspection.status])
    return InspectionReport(
        lang=lang, title=str(REPORT_TITLES[inspection.type]), report_number=inspection.number,
        labels=report_labels(), header=header, standard=standard_text(inspection), classes=classes,
        verdict_label=verdict_label, accepted=accepted, defects=defects, checklist=checklist,
        photos=photos, notes=inspection.notes, generated_at=format_datetime(utcnow(), "medium"),
        verdict_note=note,
    )  # fmt: skip

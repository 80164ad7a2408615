"""AQL inspections, their per-class plans, defects with photos, checklist results, defect types."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import orm as so

from webapp.extensions import db
from webapp.models_base import ClientUUIDMixin, TimestampMixin, UTCDateTime, enum_type, utcnow


class InspectionType(enum.Enum):
    """Incoming material, in-line, final random / pre-shipment, container loading."""

    IQC = "iqc"
    DUPRO = "dupro"
    FRI = "fri"
    LOADING = "loading"


class InspectionStatus(enum.Enum):
    """Being recorded on the floor, or submitted with its verdict for a supervisor's sign-off."""

    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"


class InspectionResult(enum.Enum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class DefectClass(enum.Enum):
    CRITICAL = "critical"
    MAJOR = "major"
    MINOR = "minor"


class DefectType(TimestampMixin, db.Model):
    """A catalogue entry: a kind of defect, per product family, with its usual class."""

    __tablename__ = "defect_types"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    code: so.Mapped[str] = so.mapped_column(sa.String(20), unique=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(80))
    name_en: so.Mapped[str] = so.mapped_column(sa.String(80), default="")
    product_type: so.Mapped[str] = so.mapped_column(sa.String(40), default="")  # "" = all
    default_class: so.Mapped[DefectClass] = so.mapped_column(enum_type(DefectClass))
    active: so.Mapped[bool] = so.mapped_column(default=True)

    def label(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name


class Inspection(ClientUUIDMixin, TimestampMixin, db.Model):
    """One inspection of one lot of an order."""

    __tablename__ = "inspections"
    __table_args__ = (sa.CheckConstraint("lot_size > 0", name="lot_size_positive"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    order_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("orders.id"), index=True)
    type: so.Mapped[InspectionType] = so.mapped_column(enum_type(InspectionType))
    lot_size: so.Mapped[int]
    level: so.Mapped[str] = so.mapped_column(sa.String(4))
    severity: so.Mapped[str] = so.mapped_column(sa.String(10))
    suggested_severity: so.Mapped[str] = so.mapped_column(sa.String(10))
    sample_size: so.Mapped[int]  # units to draw: the largest of the class plans
    status: so.Mapped[InspectionStatus] = so.mapped_column(
        enum_type(InspectionStatus), default=InspectionStatus.IN_PROGRESS
    )
    result: so.Mapped[InspectionResult | None] = so.mapped_column(enum_type(InspectionResult))
    reinstate_normal: so.Mapped[bool] = so.mapped_column(default=False)
    notes: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    inspector_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"), index=True)
    submitted_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    reinspection_of_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("inspections.id"))
    # An incoming inspection (IQC) of a material delivery: its verdict sets the PO's step.
    material_po_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("material_pos.id"), index=True
    )

    order = so.relationship("Order")
    material_po = so.relationship("MaterialPO")
    inspector = so.relationship("User")
    plans: so.Mapped[list[InspectionPlan]] = so.relationship(
        back_populates="inspection",
        cascade="all, delete-orphan",
        order_by="InspectionPlan.position",
    )
    defects: so.Mapped[list[Defect]] = so.relationship(
        back_populates="inspection", cascade="all, delete-orphan", order_by="Defect.id"
    )
    checklist: so.Mapped[list[ChecklistResult]] = so.relationship(
        back_populates="inspection", cascade="all, delete-orphan", order_by="ChecklistResult.id"
    )
    reinspection_of = so.relationship("Inspection", remote_side=[id])

    @property
    def number(self) -> str:
        return f"INS{self.id:05d}"

    @property
    def signoff(self):
        """The newest sign-off request of this inspection (approvals), or None."""
        from webapp.approvals.services import latest

        return latest("inspection_signoff", self.id) if self.id else None

    @property
    def concession(self):
        """The newest concession (让步接收) request of this inspection, or None."""
        from webapp.approvals.services import latest

        return latest("inspection_concession", self.id) if self.id else None

    @property
    def under_concession(self) -> bool:
        """A rejected lot a supervisor accepted under concession (让步接收)."""
        from webapp.approvals.services import is_approved

        return bool(self.id) and is_approved("inspection_concession", self.id)

    @property
    def passed(self) -> bool:
        """The lot may ship: accepted, or rejected but accepted under concession."""
        return self.result is InspectionResult.ACCEPTED or (
            self.result is InspectionResult.REJECTED and self.under_concession
        )

    def can_view(self, user) -> bool:
        """Whoever may see the order may see its inspections."""
        return self.order.can_view(user)

    def can_record(self, user) -> bool:
        """Inspectors, supervisors and admins, and the order's follower, while in progress."""
        from webapp.auth.models import Role

        if self.status is not InspectionStatus.IN_PROGRESS or not self.can_view(user):
            return False
        return user.role in (Role.INSPECTOR, Role.SUPERVISOR, Role.ADMIN) or (
            user.role is Role.FOLLOWER and self.order.follower_id == user.id
        )


class InspectionPlan(db.Model):
    """The sampling plan of one defect class, as computed when the inspection started."""

    __tablename__ = "inspection_plans"
    __table_args__ = (sa.UniqueConstraint("inspection_id", "defect_class"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    inspection_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("inspections.id", ondelete="CASCADE"), index=True
    )
    position: so.Mapped[int] = so.mapped_column(default=0)
    defect_class: so.Mapped[DefectClass] = so.mapped_column(enum_type(DefectClass))
    aql: so.Mapped[str] = so.mapped_column(sa.String(8))
    code_letter: so.Mapped[str] = so.mapped_column(sa.String(1))
    sample_size: so.Mapped[int]
    accept: so.Mapped[int]
    reject: so.Mapped[int]
    full_inspection: so.Mapped[bool] = so.mapped_column(default=False)

    inspection: so.Mapped[Inspection] = so.relationship(back_populates="plans")


class Defect(ClientUUIDMixin, db.Model):
    """Defects of one type and class found in the sample."""

    __tablename__ = "defects"
    __table_args__ = (sa.CheckConstraint("count > 0", name="count_positive"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    inspection_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("inspections.id", ondelete="CASCADE"), index=True
    )
    defect_type_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("defect_types.id"))
    defect_class: so.Mapped[DefectClass] = so.mapped_column(enum_type(DefectClass))
    count: so.Mapped[int]
    note: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    created_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"))
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)

    inspection: so.Mapped[Inspection] = so.relationship(back_populates="defects")
    defect_type = so.relationship("DefectType")
    photos: so.Mapped[list[DefectPhoto]] = so.relationship(
        cascade="all, delete-orphan", order_by="DefectPhoto.position"
    )


class DefectPhoto(db.Model):
    """A photo attached to a defect."""

    __tablename__ = "defect_photos"
    __table_args__ = (sa.UniqueConstraint("defect_id", "photo_id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    defect_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("defects.id", ondelete="CASCADE"), index=True
    )
    photo_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("photos.id"), index=True)
    position: so.Mapped[int] = so.mapped_column(default=0)

    photo = so.relationship("Photo")


class ChecklistResult(db.Model):
    """Pass/fail of one checklist item (packaging, labels, carton marks, barcode, ...)."""

    __tablename__ = "checklist_results"
    __table_args__ = (sa.UniqueConstraint("inspection_id", "item"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    inspection_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("inspections.id", ondelete="CASCADE"), index=True
    )
    item: so.Mapped[str] = so.mapped_column(sa.String(40))
    result: so.Mapped[str] = so.mapped_column(sa.String(4))  # pass, fail, na
    comment: so.Mapped[str] = so.mapped_column(sa.Text, default="")

    inspection: so.Mapped[Inspection] = so.relationship(back_populates="checklist")

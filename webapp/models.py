"""Imports every domain's models so the metadata (and Alembic) sees all tables."""

from webapp.approvals.models import ApprovalMessage, ApprovalRequest
from webapp.audit.models import AuditEntry
from webapp.auth.models import User
from webapp.delays.models import Complaint, ComplaintPhoto, Delay, DelayPhoto
from webapp.inspections.models import (
    ChecklistResult,
    Defect,
    DefectPhoto,
    DefectType,
    Inspection,
    InspectionPlan,
)
from webapp.materials.models import MaterialPO, MaterialPOOrder, Supplier
from webapp.media.models import Photo
from webapp.orders.models import (
    Customer,
    Factory,
    Order,
    OrderLine,
    Stage,
    StageTemplate,
    StageTemplateStep,
)
from webapp.progress.models import CheckIn
from webapp.shipments.models import Shipment, ShipmentDocument, ShipmentLine, ShipmentPhoto

__all__ = [
    "ApprovalMessage",
    "ApprovalRequest",
    "AuditEntry",
    "CheckIn",
    "ChecklistResult",
    "Complaint",
    "ComplaintPhoto",
    "Customer",
    "Defect",
    "DefectPhoto",
    "DefectType",
    "Delay",
    "DelayPhoto",
    "Factory",
    "Inspection",
    "InspectionPlan",
    "MaterialPO",
    "MaterialPOOrder",
    "Order",
    "OrderLine",
    "Photo",
    "Shipment",
    "ShipmentDocument",
    "ShipmentLine",
    "ShipmentPhoto",
    "Stage",
    "StageTemplate",
    "StageTemplateStep",
    "Supplier",
    "User",
]

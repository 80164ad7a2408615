"""KPI indexes: corrections per work date answered from the index alone

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-22 08:30:00

bench/dashboard_scale.py showed the monthly data-accuracy trend scanning the check-in heap
(117 ms at 1M check-ins); with (work_date, corrects_id) it is an index-only scan (64 ms).
"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("checkins", schema=None) as batch_op:
        batch_op.create_index(
            "ix_checkins_work_date_corrects_id", ["work_date", "corrects_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("checkins", schema=None) as batch_op:
        batch_op.drop_index("ix_checkins_work_date_corrects_id")

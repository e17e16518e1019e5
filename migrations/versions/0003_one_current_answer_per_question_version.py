"""one current answer per question version

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import voice_capture.models.base


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('view', schema=None) as batch_op:
        batch_op.create_index('uq_view_answer_version', ['capture_session_id', 'position', 'version'], unique=True, sqlite_where=sa.text("entered_how != 'observed'"), postgresql_where=sa.text("entered_how != 'observed'"))


def downgrade() -> None:
    with op.batch_alter_table('view', schema=None) as batch_op:
        batch_op.drop_index('uq_view_answer_version', sqlite_where=sa.text("entered_how != 'observed'"), postgresql_where=sa.text("entered_how != 'observed'"))


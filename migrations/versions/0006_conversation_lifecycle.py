"""a plan's conversations: carried on, closed with a reason, abandoned or replaced

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa
import voice_capture.models.base


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

STATUSES = "status IN ('in_progress', 'finished', 'stopped'{extra})"


def upgrade() -> None:
    with op.batch_alter_table('capture_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))
        batch_op.add_column(sa.Column('resumed_at', voice_capture.models.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('closed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('closed_reason', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('replaced_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_capture_session_closed_by_id', 'app_user', ['closed_by_id'], ['id'])
        batch_op.create_foreign_key('fk_capture_session_replaced_by_id', 'capture_session', ['replaced_by_id'], ['id'])
        batch_op.drop_constraint('ck_capture_session_status', type_='check')
        batch_op.create_check_constraint('ck_capture_session_status', STATUSES.format(extra=", 'abandoned'"))


def downgrade() -> None:
    # Before this revision a conversation could only stop early: an abandoned one becomes stopped.
    op.execute("UPDATE capture_session SET status = 'stopped' WHERE status = 'abandoned'")
    with op.batch_alter_table('capture_session', schema=None) as batch_op:
        batch_op.drop_constraint('ck_capture_session_status', type_='check')
        batch_op.create_check_constraint('ck_capture_session_status', STATUSES.format(extra=''))
        batch_op.drop_constraint('fk_capture_session_replaced_by_id', type_='foreignkey')
        batch_op.drop_constraint('fk_capture_session_closed_by_id', type_='foreignkey')
        batch_op.drop_column('replaced_by_id')
        batch_op.drop_column('closed_reason')
        batch_op.drop_column('closed_by_id')
        batch_op.drop_column('resumed_at')
        batch_op.drop_column('version')

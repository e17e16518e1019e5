"""ended sessions: signing out ends a session's cookie for good

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import voice_capture.models.base


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('ended_session',
    sa.Column('sid', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('ended_at', voice_capture.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('sid')
    )
    with op.batch_alter_table('ended_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ended_session_ended_at'), ['ended_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('ended_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ended_session_ended_at'))
    op.drop_table('ended_session')

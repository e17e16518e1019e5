"""row-column scanning: a respondent's scanning pattern and cues per row

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('respondent', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scan_pattern', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False,
                                      server_default='linear'))
        batch_op.add_column(sa.Column('scan_group_cues', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.create_check_constraint('ck_respondent_scan_pattern', "scan_pattern IN ('linear', 'rows')")


def downgrade() -> None:
    with op.batch_alter_table('respondent', schema=None) as batch_op:
        batch_op.drop_constraint('ck_respondent_scan_pattern', type_='check')
        batch_op.drop_column('scan_group_cues')
        batch_op.drop_column('scan_pattern')

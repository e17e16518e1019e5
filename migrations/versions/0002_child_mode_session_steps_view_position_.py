"""child mode: session steps, view position, script language, child photos

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import voice_capture.models.base


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('child_photo',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('label', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('mime', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', voice_capture.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['child_id'], ['child.id'], ),
    sa.ForeignKeyConstraint(['created_by_id'], ['app_user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('child_photo', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_child_photo_child_id'), ['child_id'], unique=False)

    with op.batch_alter_table('capture_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('steps', sa.JSON(), nullable=False, server_default=sa.text("'[]'")))

    with op.batch_alter_table('conversation_script', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False, server_default='en'))
        batch_op.add_column(sa.Column('is_builtin', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.drop_constraint(batch_op.f('uq_script_version'), type_='unique')
        batch_op.create_unique_constraint('uq_script_language_version', ['family_key', 'language', 'version'])

    with op.batch_alter_table('view', schema=None) as batch_op:
        batch_op.add_column(sa.Column('position', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('view', schema=None) as batch_op:
        batch_op.drop_column('position')

    with op.batch_alter_table('conversation_script', schema=None) as batch_op:
        batch_op.drop_constraint('uq_script_language_version', type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_script_version'), ['family_key', 'version'])
        batch_op.drop_column('is_builtin')
        batch_op.drop_column('language')

    with op.batch_alter_table('capture_session', schema=None) as batch_op:
        batch_op.drop_column('steps')

    with op.batch_alter_table('child_photo', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_child_photo_child_id'))

    op.drop_table('child_photo')

"""background jobs, the queue's tables and shared media

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import voice_capture.models.base


revision = '0009'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('huey_counter',
    sa.Column('queue', sa.String(length=255), nullable=False),
    sa.Column('key', sa.String(length=255), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('queue', 'key')
    )
    op.create_table('huey_kv',
    sa.Column('queue', sa.String(length=255), nullable=False),
    sa.Column('key', sa.String(length=255), nullable=False),
    sa.Column('value', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('queue', 'key')
    )
    op.create_table('huey_schedule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('queue', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('timestamp', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('huey_schedule', schema=None) as batch_op:
        batch_op.create_index('ix_huey_schedule_queue_timestamp', ['queue', 'timestamp'], unique=False)

    op.create_table('huey_task',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('queue', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('priority', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('huey_task', schema=None) as batch_op:
        batch_op.create_index('ix_huey_task_priority_id', ['priority', 'id'], unique=False)

    op.create_table('job',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('max_attempts', sa.Integer(), nullable=False),
    sa.Column('error', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('lease_until', voice_capture.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', voice_capture.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', voice_capture.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('finished_at', voice_capture.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("state IN ('queued', 'running', 'done', 'failed')", name='ck_job_state'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key')
    )
    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_state'), ['state'], unique=False)

    op.create_table('media_object',
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('created_at', voice_capture.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('used_at', voice_capture.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    with op.batch_alter_table('media_object', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_media_object_used_at'), ['used_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('media_object', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_media_object_used_at'))

    op.drop_table('media_object')
    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_state'))
        batch_op.drop_index(batch_op.f('ix_job_kind'))

    op.drop_table('job')
    with op.batch_alter_table('huey_task', schema=None) as batch_op:
        batch_op.drop_index('ix_huey_task_priority_id')

    op.drop_table('huey_task')
    with op.batch_alter_table('huey_schedule', schema=None) as batch_op:
        batch_op.drop_index('ix_huey_schedule_queue_timestamp')

    op.drop_table('huey_schedule')
    op.drop_table('huey_kv')
    op.drop_table('huey_counter')

"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-27
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import voice_capture.models.base


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('login_failure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('at', voice_capture.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('login_failure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_failure_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_login_failure_key'), ['key'], unique=False)

    op.create_table('team',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('created_at', voice_capture.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    op.create_table('app_user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('display_name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('password_hash', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('locale', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('created_at', voice_capture.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', voice_capture.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("role IN ('admin', 'manager', 'social_worker', 'practitioner')", name='ck_app_user_role'),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('email')
    )
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_app_user_team_id'), ['team_id'], unique=False)

    op.create_table('child',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('given_name', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('family_name', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('date_of_birth', sa.Date(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('allocated_worker_id', sa.Integer(), nullable=True),
    sa.Column('created_at', voice_capture.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', voice_capture.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['allocated_worker_id'], ['app_user.id'], ),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('child', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_child_allocated_worker_id'), ['allocated_worker_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_child_team_id'), ['team_id'], unique=False)

    op.create_table('conversation_script',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('family_key', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
    sa.Column('audience', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('is_current', sa.Boolean(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', voice_capture.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("audience IN ('child', 'sibling', 'parent', 'carer')", name='ck_script_audience'),
    sa.ForeignKeyConstraint(['created_by_id'], ['app_user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('family_key', 'version', name='uq_script_version')
    )
    with op.batch_alter_table('conversation_script', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conversation_script_family_key'), ['family_key'], unique=False)

    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', voice_capture.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('entity_type', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('child_id', sa.Integer(), nullable=True),
    sa.Column('detail', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('remote_addr', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.ForeignKeyConstraint(['child_id'], ['child.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_child_id'), ['child_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_user_id'), ['user_id'], unique=False)

    op.create_table('child_practitioner',
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['child_id'], ['child.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], ),
    sa.PrimaryKeyConstraint('child_id', 'user_id')
    )
    with op.batch_alter_table('child_practitioner', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_child_practitioner_user_id'), ['user_id'], unique=False)

    op.create_table('plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('plan_type', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('review_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('allocated_worker_id', sa.Integer(), nullable=True),
    sa.Column('created_at', voice_capture.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', voice_capture.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("plan_type IN ('child_protection', 'child_in_need', 'early_help', 'ehcp', 'care_plan')", name='ck_plan_type'),
    sa.CheckConstraint("status IN ('draft', 'active', 'ended')", name='ck_plan_status'),
    sa.CheckConstraint('end_date IS NULL OR end_date >= start_date', name='ck_plan_end_after_start'),
    sa.CheckConstraint('review_date IS NULL OR review_date >= start_date', name='ck_plan_review_after_start'),
    sa.ForeignKeyConstraint(['allocated_worker_id'], ['app_user.id'], ),
    sa.ForeignKeyConstraint(['child_id'], ['child.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_allocated_worker_id'), ['allocated_worker_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_child_id'), ['child_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_review_date'), ['review_date'], unique=False)

    op.create_table('respondent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('relationship', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('preferred_name', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('date_of_birth', sa.Date(), nullable=True),
    sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('reading_level', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('access_method', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('scan_interval_ms', sa.Integer(), nullable=False),
    sa.Column('dwell_ms', sa.Integer(), nullable=False),
    sa.Column('confirm_with_second_tap', sa.Boolean(), nullable=False),
    sa.Column('how_i_communicate', sa.Text(), nullable=False),
    sa.Column('disability_notes', sa.Text(), nullable=False),
    sa.Column('created_at', voice_capture.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', voice_capture.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("access_method IN ('touch', 'keyboard', 'switch1', 'switch2', 'dwell')", name='ck_respondent_access_method'),
    sa.CheckConstraint("reading_level IN ('pictures', 'simple', 'full')", name='ck_respondent_reading_level'),
    sa.CheckConstraint("relationship IN ('child', 'sibling', 'parent', 'carer')", name='ck_respondent_relationship'),
    sa.ForeignKeyConstraint(['child_id'], ['child.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('respondent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_respondent_child_id'), ['child_id'], unique=False)
        batch_op.create_index('uq_respondent_one_self_per_child', ['child_id'], unique=True, sqlite_where=sa.text("relationship = 'child'"), postgresql_where=sa.text("relationship = 'child'"))

    op.create_table('script_step',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('script_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('prompt', sa.Text(), nullable=False),
    sa.Column('simple_prompt', sa.Text(), nullable=False),
    sa.Column('answer_type', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('about_plan_items', sa.Boolean(), nullable=False),
    sa.Column('is_follow_up', sa.Boolean(), nullable=False),
    sa.CheckConstraint("answer_type IN ('one_symbol', 'several_symbols', 'yes_no', 'feelings', 'own_words')", name='ck_step_answer_type'),
    sa.ForeignKeyConstraint(['script_id'], ['conversation_script.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('script_id', 'position', name='uq_step_position')
    )
    with op.batch_alter_table('script_step', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_script_step_script_id'), ['script_id'], unique=False)

    op.create_table('capture_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('respondent_id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('script_id', sa.Integer(), nullable=False),
    sa.Column('started_by_id', sa.Integer(), nullable=False),
    sa.Column('locale', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('current_position', sa.Integer(), nullable=False),
    sa.Column('started_at', voice_capture.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ended_at', voice_capture.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('in_progress', 'finished', 'stopped')", name='ck_capture_session_status'),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], ),
    sa.ForeignKeyConstraint(['respondent_id'], ['respondent.id'], ),
    sa.ForeignKeyConstraint(['script_id'], ['conversation_script.id'], ),
    sa.ForeignKeyConstraint(['started_by_id'], ['app_user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('capture_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_capture_session_plan_id'), ['plan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_capture_session_respondent_id'), ['respondent_id'], unique=False)

    op.create_table('feedback_letter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('respondent_id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('lines', sa.JSON(), nullable=False),
    sa.Column('sent_how', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('sent_at', voice_capture.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', voice_capture.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('draft', 'ready', 'sent')", name='ck_feedback_letter_status'),
    sa.ForeignKeyConstraint(['created_by_id'], ['app_user.id'], ),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], ),
    sa.ForeignKeyConstraint(['respondent_id'], ['respondent.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('respondent_id', 'plan_id', 'version', name='uq_letter_version')
    )
    with op.batch_alter_table('feedback_letter', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_letter_plan_id'), ['plan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_feedback_letter_respondent_id'), ['respondent_id'], unique=False)

    op.create_table('plan_agency',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
    sa.Column('contact', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('created_at', voice_capture.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('gp', 'school', 'health_visitor', 'health', 'camhs', 'police', 'housing', 'other')", name='ck_plan_agency_kind'),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('plan_agency', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_agency_plan_id'), ['plan_id'], unique=False)

    op.create_table('plan_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('simple_text', sa.Text(), nullable=False),
    sa.Column('created_at', voice_capture.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', voice_capture.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('plan_id', 'position', name='uq_plan_item_position')
    )
    with op.batch_alter_table('plan_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_item_plan_id'), ['plan_id'], unique=False)

    op.create_table('step_choice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('step_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('label', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
    sa.Column('symbol_key', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('is_worry', sa.Boolean(), nullable=False),
    sa.Column('follow_up_step_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['follow_up_step_id'], ['script_step.id'], ),
    sa.ForeignKeyConstraint(['step_id'], ['script_step.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('step_id', 'position', name='uq_choice_position')
    )
    with op.batch_alter_table('step_choice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_step_choice_step_id'), ['step_id'], unique=False)

    op.create_table('response',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('plan_item_id', sa.Integer(), nullable=True),
    sa.Column('outcome', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('plain_words', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('written_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', voice_capture.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("outcome IN ('done', 'plan_changed', 'passed_on', 'in_progress', 'could_not')", name='ck_response_outcome'),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], ),
    sa.ForeignKeyConstraint(['plan_item_id'], ['plan_item.id'], ),
    sa.ForeignKeyConstraint(['written_by_id'], ['app_user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_response_plan_id'), ['plan_id'], unique=False)

    op.create_table('view',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('respondent_id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('plan_item_id', sa.Integer(), nullable=True),
    sa.Column('capture_session_id', sa.Integer(), nullable=True),
    sa.Column('step_id', sa.Integer(), nullable=True),
    sa.Column('shown_text', sa.Text(), nullable=False),
    sa.Column('shown_choices', sa.JSON(), nullable=False),
    sa.Column('chosen', sa.JSON(), nullable=False),
    sa.Column('said_text', sa.Text(), nullable=False),
    sa.Column('entered_how', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('entered_by_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('replaces_id', sa.Integer(), nullable=True),
    sa.Column('idempotency_key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('created_at', voice_capture.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("entered_how IN ('tapped', 'typed', 'keyboard', 'switch', 'dwell', 'on_behalf', 'observed')", name='ck_view_entered_how'),
    sa.ForeignKeyConstraint(['capture_session_id'], ['capture_session.id'], ),
    sa.ForeignKeyConstraint(['entered_by_id'], ['app_user.id'], ),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], ),
    sa.ForeignKeyConstraint(['plan_item_id'], ['plan_item.id'], ),
    sa.ForeignKeyConstraint(['replaces_id'], ['view.id'], ),
    sa.ForeignKeyConstraint(['respondent_id'], ['respondent.id'], ),
    sa.ForeignKeyConstraint(['step_id'], ['script_step.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('idempotency_key', name='uq_view_idempotency_key')
    )
    with op.batch_alter_table('view', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_view_capture_session_id'), ['capture_session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_view_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_view_plan_id'), ['plan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_view_plan_item_id'), ['plan_item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_view_respondent_id'), ['respondent_id'], unique=False)

    op.create_table('response_view',
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('view_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['response_id'], ['response.id'], ),
    sa.ForeignKeyConstraint(['view_id'], ['view.id'], ),
    sa.PrimaryKeyConstraint('response_id', 'view_id')
    )
    with op.batch_alter_table('response_view', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_response_view_view_id'), ['view_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('response_view', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_response_view_view_id'))

    op.drop_table('response_view')
    with op.batch_alter_table('view', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_view_respondent_id'))
        batch_op.drop_index(batch_op.f('ix_view_plan_item_id'))
        batch_op.drop_index(batch_op.f('ix_view_plan_id'))
        batch_op.drop_index(batch_op.f('ix_view_created_at'))
        batch_op.drop_index(batch_op.f('ix_view_capture_session_id'))

    op.drop_table('view')
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_response_plan_id'))

    op.drop_table('response')
    with op.batch_alter_table('step_choice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_step_choice_step_id'))

    op.drop_table('step_choice')
    with op.batch_alter_table('plan_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_item_plan_id'))

    op.drop_table('plan_item')
    with op.batch_alter_table('plan_agency', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_agency_plan_id'))

    op.drop_table('plan_agency')
    with op.batch_alter_table('feedback_letter', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_letter_respondent_id'))
        batch_op.drop_index(batch_op.f('ix_feedback_letter_plan_id'))

    op.drop_table('feedback_letter')
    with op.batch_alter_table('capture_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_capture_session_respondent_id'))
        batch_op.drop_index(batch_op.f('ix_capture_session_plan_id'))

    op.drop_table('capture_session')
    with op.batch_alter_table('script_step', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_script_step_script_id'))

    op.drop_table('script_step')
    with op.batch_alter_table('respondent', schema=None) as batch_op:
        batch_op.drop_index('uq_respondent_one_self_per_child', sqlite_where=sa.text("relationship = 'child'"), postgresql_where=sa.text("relationship = 'child'"))
        batch_op.drop_index(batch_op.f('ix_respondent_child_id'))

    op.drop_table('respondent')
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_review_date'))
        batch_op.drop_index(batch_op.f('ix_plan_child_id'))
        batch_op.drop_index(batch_op.f('ix_plan_allocated_worker_id'))

    op.drop_table('plan')
    with op.batch_alter_table('child_practitioner', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_child_practitioner_user_id'))

    op.drop_table('child_practitioner')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_event_user_id'))
        batch_op.drop_index(batch_op.f('ix_audit_event_child_id'))
        batch_op.drop_index(batch_op.f('ix_audit_event_at'))

    op.drop_table('audit_event')
    with op.batch_alter_table('conversation_script', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conversation_script_family_key'))

    op.drop_table('conversation_script')
    with op.batch_alter_table('child', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_child_team_id'))
        batch_op.drop_index(batch_op.f('ix_child_allocated_worker_id'))

    op.drop_table('child')
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_app_user_team_id'))

    op.drop_table('app_user')
    op.drop_table('team')
    with op.batch_alter_table('login_failure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_failure_key'))
        batch_op.drop_index(batch_op.f('ix_login_failure_at'))

    op.drop_table('login_failure')

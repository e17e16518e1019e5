"""worries, switch scanning, letters, sharing

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import voice_capture.models.base


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

ANSWER_TYPES = "answer_type IN ('one_symbol', 'several_symbols', 'yes_no', 'feelings', 'own_words'{extra})"
SENT_HOW = "sent_how = '' OR sent_how IN ('read_together', 'by_hand', 'posted', 'emailed')"


def upgrade() -> None:
    op.create_table('site_setting',
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', voice_capture.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['updated_by_id'], ['app_user.id'], ),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('summary_share',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('agency_name', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False, server_default=''),
    sa.Column('shared_on', sa.Date(), nullable=False),
    sa.Column('how', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', voice_capture.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['plan_agency.id'], ),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], ),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['app_user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('summary_share', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_summary_share_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_summary_share_plan_id'), ['plan_id'], unique=False)

    op.create_table('worry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('view_id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('respondent_id', sa.Integer(), nullable=False),
    sa.Column('capture_session_id', sa.Integer(), nullable=True),
    sa.Column('shown_text', sa.Text(), nullable=False),
    sa.Column('chosen_label', sa.Text(), nullable=False),
    sa.Column('action_taken', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', voice_capture.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', voice_capture.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['capture_session_id'], ['capture_session.id'], ),
    sa.ForeignKeyConstraint(['child_id'], ['child.id'], ),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], ),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['app_user.id'], ),
    sa.ForeignKeyConstraint(['respondent_id'], ['respondent.id'], ),
    sa.ForeignKeyConstraint(['view_id'], ['view.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('view_id', name='uq_worry_view')
    )
    with op.batch_alter_table('worry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_worry_capture_session_id'), ['capture_session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_worry_child_id'), ['child_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_worry_plan_id'), ['plan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_worry_recorded_at'), ['recorded_at'], unique=False)

    with op.batch_alter_table('conversation_script', schema=None) as batch_op:
        batch_op.add_column(sa.Column('team_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_conversation_script_team_id'), ['team_id'], unique=False)
        batch_op.create_foreign_key('fk_conversation_script_team_id', 'team', ['team_id'], ['id'])

    with op.batch_alter_table('feedback_letter', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ready_reason', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('replaces_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('listen_session_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_feedback_letter_listen_session_id', 'capture_session', ['listen_session_id'], ['id'])
        batch_op.create_foreign_key('fk_feedback_letter_replaces_id', 'feedback_letter', ['replaces_id'], ['id'])
        batch_op.create_check_constraint('ck_feedback_letter_sent_how', SENT_HOW)

    with op.batch_alter_table('respondent', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scan_loops', sa.Integer(), nullable=False, server_default='3'))
        batch_op.add_column(sa.Column('scan_start_delay_ms', sa.Integer(), nullable=False, server_default='1000'))
        batch_op.add_column(sa.Column('scan_speak', sa.Boolean(), nullable=False, server_default=sa.false()))

    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('respondent_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('responded_on', sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f('ix_response_respondent_id'), ['respondent_id'], unique=False)
        batch_op.create_foreign_key('fk_response_respondent_id', 'respondent', ['respondent_id'], ['id'])

    with op.batch_alter_table('step_choice', schema=None) as batch_op:
        batch_op.add_column(sa.Column('answer_key', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False,
                                      server_default=''))

    with op.batch_alter_table('script_step', schema=None) as batch_op:
        batch_op.add_column(sa.Column('offer_photos', sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.drop_constraint('ck_step_answer_type', type_='check')
        batch_op.create_check_constraint('ck_step_answer_type', ANSWER_TYPES.format(extra=", 'how_much', 'sort'"))



def downgrade() -> None:
    with op.batch_alter_table('step_choice', schema=None) as batch_op:
        batch_op.drop_column('answer_key')

    with op.batch_alter_table('script_step', schema=None) as batch_op:
        batch_op.drop_constraint('ck_step_answer_type', type_='check')
        batch_op.create_check_constraint('ck_step_answer_type', ANSWER_TYPES.format(extra=''))
        batch_op.drop_column('offer_photos')

    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_constraint('fk_response_respondent_id', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_response_respondent_id'))
        batch_op.drop_column('responded_on')
        batch_op.drop_column('respondent_id')

    with op.batch_alter_table('respondent', schema=None) as batch_op:
        batch_op.drop_column('scan_speak')
        batch_op.drop_column('scan_start_delay_ms')
        batch_op.drop_column('scan_loops')

    with op.batch_alter_table('feedback_letter', schema=None) as batch_op:
        batch_op.drop_constraint('ck_feedback_letter_sent_how', type_='check')
        batch_op.drop_constraint('fk_feedback_letter_replaces_id', type_='foreignkey')
        batch_op.drop_constraint('fk_feedback_letter_listen_session_id', type_='foreignkey')
        batch_op.drop_column('listen_session_id')
        batch_op.drop_column('replaces_id')
        batch_op.drop_column('ready_reason')

    with op.batch_alter_table('conversation_script', schema=None) as batch_op:
        batch_op.drop_constraint('fk_conversation_script_team_id', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_conversation_script_team_id'))
        batch_op.drop_column('team_id')

    with op.batch_alter_table('worry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_worry_recorded_at'))
        batch_op.drop_index(batch_op.f('ix_worry_plan_id'))
        batch_op.drop_index(batch_op.f('ix_worry_child_id'))
        batch_op.drop_index(batch_op.f('ix_worry_capture_session_id'))

    op.drop_table('worry')
    with op.batch_alter_table('summary_share', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_summary_share_plan_id'))
        batch_op.drop_index(batch_op.f('ix_summary_share_agency_id'))

    op.drop_table('summary_share')
    op.drop_table('site_setting')

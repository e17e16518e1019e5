"""The baseline for bench/answers.py: a bare Flask + SQLModel endpoint that inserts one JSON answer."""
from __future__ import annotations

import os

from flask import Flask, jsonify, request
from sqlalchemy.exc import OperationalError
from sqlmodel import JSON, Field, Session, SQLModel

from voice_capture.db import make_engine


class BareAnswer(SQLModel, table=True):
    __tablename__ = "bare_answer"

    id: int | None = Field(default=None, primary_key=True)
    idempotency_key: str = Field(max_length=64)
    body: dict = Field(default_factory=dict, sa_type=JSON)


engine = make_engine(os.environ["BENCH_BARE_DATABASE_URL"])
try:
    SQLModel.metadata.create_all(engine, tables=[BareAnswer.__table__])
except OperationalError:  # the other gunicorn worker made it first
    pass
app = Flask(__name__)


@app.post("/answer")
def answer():
    body = request.get_json()
    with Session(engine) as session:
        row = BareAnswer(idempotency_key=body["idempotency_key"], body=body)
        session.add(row)
        session.commit()
        return jsonify(saved=True, id=row.id), 201

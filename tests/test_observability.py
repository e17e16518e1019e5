"""Logs and metrics that say how the service is doing without a word of what a child said."""
from __future__ import annotations

import io
import json
import logging

import pytest
from sqlmodel import select
from test_capture import send, start_session

from helpers import FormClient
from voice_capture.models import Respondent, Role, View

CHILD_WORDS = "Nanna Gwen takes me to the seaside on Saturdays"


@pytest.fixture
def log_lines(app):
    """What the app's own JSON handler writes, as a council's log collector would receive it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(app.logger.handlers[0].formatter)
    app.logger.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    app.logger.removeHandler(handler)


@pytest.fixture
def family(make_team, make_user, make_child, make_plan, db):
    team = make_team()
    worker = make_user(Role.SOCIAL_WORKER, team)
    child = make_child(team=team, worker=worker, given_name="Zephyrine", family_name="Quillfeather",
                       preferred_name="Zephy")
    plan = make_plan(child, items=("Zephy sees her Nanna every month.",))
    me = db.exec(select(Respondent).where(Respondent.child_id == child.id)).one()
    return {"team": team, "worker": worker, "child": child, "plan": plan, "me": me}


def test_the_logs_of_a_whole_conversation_hold_no_name_and_no_answer(client, db, family, log_lines):
    client.login(family["worker"])
    capture = start_session(client, db, family)
    for step in capture.steps:
        if step["answer_type"] == "own_words":
            assert send(client, capture, step["position"], said=CHILD_WORDS, how="typed").status_code == 201
        elif step.get("choices"):
            assert send(client, capture, step["position"], [step["choices"][0]["key"]]).status_code == 201
    client.submit(f"/talk/{capture.id}/finish", {}, page=f"/talk/{capture.id}")
    client.submit(f"/talk/{capture.id}/unlock", {"password": "correct horse battery staple"})
    client.get(f"/conversations/{capture.id}")
    client.get(f"/plans/{family['plan'].id}")
    assert db.exec(select(View).where(View.said_text == CHILD_WORDS)).first() is not None  # the words were said
    lines = log_lines()
    requests = [line for line in lines if line["event"] == "request"]
    assert len(requests) > 10 and all(len(line["request_id"]) == 32 for line in requests)
    assert {"/talk/<int:session_id>/answer", "/plans/<int:plan_id>"} <= {line["route"] for line in requests}
    everything = "\n".join(json.dumps(line) for line in lines)
    for private in ("Zephyrine", "Quillfeather", "Zephy", "Nanna", "seaside", family["worker"].display_name,
                    family["worker"].email):
        assert private not in everything, private


def test_a_failure_is_logged_by_its_kind_not_its_message(app, log_lines):
    try:
        raise ValueError("Zephyrine said something private")
    except ValueError:
        app.logger.exception("a task failed")
    line = log_lines()[-1]
    assert line["error"] == "ValueError" and line["where"] and "Zephyrine" not in json.dumps(line)


def test_each_response_carries_its_request_id(client):
    first, second = client.get("/login"), client.get("/login")
    assert first.headers["X-Request-ID"] != second.headers["X-Request-ID"]
    assert client.get("/login", headers={"X-Request-ID": "from-outside-1234"}).headers["X-Request-ID"] != "from-outside-1234"


def _metrics(client, address="198.51.100.20"):
    return client.get("/metrics", environ_base={"REMOTE_ADDR": address})


def test_metrics_count_requests_latencies_and_answers(talking_metrics):
    client, admin_client = talking_metrics
    page = _metrics(admin_client).get_data(as_text=True)
    assert 'vc_http_requests_total{endpoint="capture.answer",method="POST",status="201"} 2.0' in page
    assert "vc_http_request_duration_seconds_bucket" in page
    assert "vc_answers_saved_total 2.0" in page
    assert "vc_job_queue_depth 0.0" in page  # the queue says how many jobs wait: none, they ran inline


@pytest.fixture
def talking_metrics(client, db, family, make_user, new_client):
    client.login(family["worker"])
    capture = start_session(client, db, family)
    picked = [step for step in capture.steps if step.get("choices")][:2]
    for step in picked:
        send(client, capture, step["position"], [step["choices"][0]["key"]])
    send(client, capture, picked[0]["position"], [picked[0]["choices"][0]["key"]])  # sent again: stored once
    admin_client = new_client()
    admin_client.login(make_user(Role.ADMIN))
    return client, admin_client


@pytest.mark.parametrize("role", [Role.MANAGER, Role.SOCIAL_WORKER, Role.PRACTITIONER])
def test_metrics_are_refused_to_staff_who_are_not_administrators(client, make_user, role):
    client.login(make_user(role))
    assert _metrics(client).status_code == 403


def test_metrics_are_refused_to_strangers_and_open_to_the_local_network(app, client):
    assert _metrics(client).status_code == 403
    assert _metrics(client, "127.0.0.1").status_code == 200
    app.config["METRICS_NETWORKS"] = ("10.20.0.0/16",)
    assert _metrics(client, "10.20.3.4").status_code == 200 and _metrics(client, "127.0.0.1").status_code == 403


def test_behind_a_proxy_a_forged_address_does_not_open_metrics(database_url, speech_cache):
    from helpers import make_config
    from voice_capture import create_app

    app = create_app(make_config(database_url, SPEECH_CACHE_DIR=str(speech_cache), TRUSTED_PROXIES=1))
    client = FormClient(app.test_client())
    response = client.get("/metrics", environ_base={"REMOTE_ADDR": "127.0.0.1"},
                          headers={"X-Forwarded-For": "127.0.0.1, 198.51.100.20"})
    assert response.status_code == 403
    app.extensions["vc_engine"].dispose()

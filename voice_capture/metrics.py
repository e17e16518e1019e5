"""Prometheus metrics (requests, latencies, answers saved, the job queue's depth) at /metrics, for an
administrator or the local network only. No label carries a child's data: routes are rules, not addresses."""
from __future__ import annotations

import ipaddress
import os
import time
from collections.abc import Callable

from flask import Flask, Response, abort, current_app, g, has_app_context, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from sqlalchemy import event
from sqlalchemy.orm import Session

from .models import Role, View

EXTENSION = "vc_metrics"


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("vc_http_requests", "Requests answered", ["method", "endpoint", "status"],
                                registry=self.registry)
        self.latency = Histogram("vc_http_request_duration_seconds", "Time to answer a request", ["endpoint"],
                                 registry=self.registry)
        self.answers = Counter("vc_answers_saved", "Answers (views) committed to the database", registry=self.registry)
        self.queue_depth = Gauge("vc_job_queue_depth", "Jobs waiting in the background queue (-1: no queue told us)",
                                 registry=self.registry)
        self.queue_depth.set_function(lambda: -1)


def register_queue_depth(app: Flask, depth: Callable[[], float]) -> None:
    """THE HOOK FOR THE JOB QUEUE: call once at start-up with a function returning how many jobs wait."""
    app.extensions[EXTENSION].queue_depth.set_function(depth)


def _count_new_views(session, _flush_context) -> None:
    new = sum(1 for obj in session.new if isinstance(obj, View))
    if new:
        session.info["vc_new_views"] = session.info.get("vc_new_views", 0) + new


def _count_committed(session) -> None:
    saved = session.info.pop("vc_new_views", 0)
    if saved and has_app_context():
        extension = current_app.extensions.get(EXTENSION)
        if extension is not None:
            extension.answers.inc(saved)


def _forget_rolled_back(session, _previous=None) -> None:
    session.info.pop("vc_new_views", None)


def _observe(response):
    metrics = current_app.extensions[EXTENSION]
    endpoint = request.endpoint or "none"
    metrics.requests.labels(request.method, endpoint, str(response.status_code)).inc()
    started = g.get("request_started")
    if started is not None:
        metrics.latency.labels(endpoint).observe(time.perf_counter() - started)
    return response


def _may_read() -> bool:
    user = g.get("user")
    if user is not None and user.role == Role.ADMIN.value:
        return True
    try:
        address = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(network) for network in current_app.config["METRICS_NETWORKS"])


def metrics_page():
    if not _may_read():
        abort(403)
    registry = current_app.extensions[EXTENSION].registry
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):  # several gunicorn workers: add up every worker's files
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = Metrics()
    app.after_request(_observe)
    app.add_url_rule("/metrics", "metrics", metrics_page)
    if not event.contains(Session, "after_flush", _count_new_views):
        event.listen(Session, "after_flush", _count_new_views)
        event.listen(Session, "after_commit", _count_committed)
        event.listen(Session, "after_soft_rollback", _forget_rolled_back)

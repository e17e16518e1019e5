"""voice_capture: hear every child, record their views against their plan, tell them what was done."""
from __future__ import annotations

import os
import uuid
from pathlib import Path

from flask import Flask
from flask_compress import Compress
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from . import assets, cli, db, errors, i18n, inputs, jobs, labels, logs, metrics, security, sessions
from . import config as settings_module
from .auth import lock as child_mode_lock
from .conversations import answer_types

PROJECT_ROOT = Path(__file__).resolve().parent.parent
csrf = CSRFProtect()
compress = Compress()


def create_app(config: dict | None = None) -> Flask:
    """Build the app. `config` overrides what the environment says (tests pass their own)."""
    app = Flask(
        __name__,
        instance_path=str(PROJECT_ROOT / "instance"),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    settings = settings_module.load_settings(Path(app.instance_path), _environ_with(config))
    app.config.from_mapping(settings_module.flask_config(settings))
    if config:
        app.config.from_mapping(config)
    if app.config["TRUSTED_PROXIES"]:
        # Behind a reverse proxy, the client's address (used to throttle logins) is in X-Forwarded-For.
        count = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)
    app.jinja_env.autoescape = True
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters["label"] = labels.label
    app.jinja_env.filters["session_status"] = labels.session_status
    app.jinja_env.filters["language_name"] = i18n.language_name
    app.jinja_env.filters["words_list"] = i18n.words_list
    app.jinja_env.filters["audit_action"] = labels.audit_action
    app.jinja_env.filters["audit_entity"] = labels.audit_entity
    app.jinja_env.globals["new_idempotency_key"] = lambda: uuid.uuid4().hex
    # Which partial draws a step, what the editor calls it; a scale's answers are drawn with filled bars.
    app.jinja_env.globals["answer_type"] = answer_types.answer_type
    app.jinja_env.globals["SCALE_LEVELS"] = answer_types.scale_levels()
    app.jinja_env.globals["SORT_MAT"] = answer_types.SORT_MAT

    # Record ids are 64-bit: a longer number in a URL is simply "not found", not a database error.
    app.url_map.converters["int"] = BoundedIntConverter
    logs.init_app(app)  # first: its request id and clock start before anything else runs
    assets.init_app(app)
    db.init_app(app)
    metrics.init_app(app)
    metrics.register_queue_depth(app, lambda: jobs.queue_depth(app))
    csrf.init_app(app)
    # Tablets on weak connections: pages, styles, scripts and symbols go compressed. Cookies are
    # SameSite=Strict, so no other site can make a signed-in browser fetch pages to measure them.
    compress.init_app(app)
    i18n.init_app(app, str(PROJECT_ROOT / "translations"))
    sessions.init_app(app)
    child_mode_lock.init_app(app)
    security.init_app(app)
    inputs.init_app(app)
    errors.init_app(app)
    _register_blueprints(app)
    if app.config["JOBS"] == "in-process":
        app.before_request(lambda: jobs.start_in_process(app))  # the demo: no worker process of its own

    cli.init_app(app)
    return app


class BoundedIntConverter(IntegerConverter):
    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", db.MAX_ID - 1)  # a larger id in an address is simply not found
        super().__init__(url_map, *args, **kwargs)


def _environ_with(config: dict | None) -> dict:
    """The environment, with any test overrides of the three settings the environment gives."""
    environ = dict(os.environ)
    for key, name in (("ENV_NAME", "VOICE_CAPTURE_ENV"), ("SECRET_KEY", "VOICE_CAPTURE_SECRET_KEY"),
                      ("DATABASE_URL", "VOICE_CAPTURE_DATABASE_URL")):
        if config and key in config:
            environ[name] = config[key]
    return environ


def _register_blueprints(app: Flask) -> None:
    from .admin.routes import bp as admin_bp
    from .audit.routes import bp as audit_bp
    from .auth.routes import bp as auth_bp
    from .auth.sso_routes import bp as sso_bp
    from .auth.totp_routes import bp as totp_bp
    from .branding.routes import bp as branding_bp
    from .capture.routes import bp as capture_bp
    from .editor.routes import bp as editor_bp
    from .feedback.routes import bp as feedback_bp
    from .main.routes import bp as main_bp
    from .people.routes import bp as people_bp
    from .plans.routes import bp as plans_bp
    from .summaries.routes import bp as summaries_bp
    from .symbols.photo_routes import bp as photos_bp
    from .symbols.routes import bp as symbols_bp
    from .worries.routes import bp as worries_bp

    for blueprint in (main_bp, auth_bp, people_bp, plans_bp, admin_bp, audit_bp, capture_bp, symbols_bp, photos_bp,
                      editor_bp, feedback_bp, summaries_bp, worries_bp, branding_bp, sso_bp, totp_bp):
        app.register_blueprint(blueprint)

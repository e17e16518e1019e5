from flask import Blueprint

bp = Blueprint("editor", __name__)

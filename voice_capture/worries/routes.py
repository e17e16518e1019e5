from flask import Blueprint

bp = Blueprint("worries", __name__)

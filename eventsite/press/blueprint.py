from flask import Blueprint

bp = Blueprint("press", __name__)

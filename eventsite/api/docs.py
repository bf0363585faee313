"""/api/v1/docs: the OpenAPI document read as a page, drawn by our own template.

No documentation bundle from elsewhere: the site's Content-Security-Policy forbids other origins
and inline script, and the page needs neither — it is the same document /api/v1/openapi.json
serves, every operation with its parameters, body and answers, and every schema with its fields.
The page is in its reader's language, its chrome by the template and the operations' and fields'
texts by the document, which /api/v1/openapi.json serves in the same language.
"""
from __future__ import annotations

from flask import Blueprint, current_app, json, render_template
from flask_babel import gettext

from eventsite.i18n import current_language

bp = Blueprint("api_docs", __name__)

METHODS = ("get", "post", "put", "patch", "delete")


def document_text() -> str:
    """The OpenAPI document as JSON in the current language, made once per language and kept: the spec
    does not change once the app is built, and its lazy strings resolve as it is dumped."""
    texts = current_app.extensions.setdefault("eventsite-api-documents", {})
    language = current_language()
    if language not in texts:
        spec = current_app.extensions["eventsite-api"].spec.to_dict()
        texts[language] = json.dumps(spec, indent=2, sort_keys=False)
    return texts[language]


def _ref_name(ref: str | None) -> str:
    return ref.rsplit("/", 1)[-1] if ref else ""


def _type_of(schema: dict) -> str:
    """"string", "array of Point", "Session or null": a schema in a few words."""
    if not schema:
        return ""
    if "$ref" in schema:
        return _ref_name(schema["$ref"])
    if "allOf" in schema:
        return " & ".join(_type_of(s) for s in schema["allOf"])
    if "anyOf" in schema or "oneOf" in schema:
        # the alternatives share what is said beside them ("type": "string", then a format or a pattern)
        shared = {k: v for k, v in schema.items() if k not in ("anyOf", "oneOf", "description")}
        return " | ".join(_type_of({**shared, **s}) for s in schema.get("anyOf") or schema.get("oneOf"))
    kind = schema.get("type", "")
    kinds = kind if isinstance(kind, list) else [kind]
    words = []
    for k in kinds:
        if k == "array":
            words.append(gettext("array of %(type)s", type=_type_of(schema.get("items", {}))))
        elif k:
            words.append(k + (f" ({schema['format']})" if schema.get("format") else ""))
    if "enum" in schema:
        words.append(gettext("one of %(values)s", values=", ".join(str(v) for v in schema["enum"] if v is not None)))
    return " | ".join(words)


def _operations(spec: dict) -> list[dict]:
    components = spec.get("components", {})
    found = []
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            parameters = []
            for p in item.get("parameters", []) + op.get("parameters", []):
                if "$ref" in p:
                    p = components.get("parameters", {}).get(_ref_name(p["$ref"]), {})
                parameters.append({"name": p.get("name"), "in": p.get("in"), "required": p.get("required", False),
                                   "type": _type_of(p.get("schema", {})), "description": p.get("description", "")})
            body = op.get("requestBody", {}).get("content", {})
            responses = []
            for code, response in op.get("responses", {}).items():
                if "$ref" in response:
                    response = components.get("responses", {}).get(_ref_name(response["$ref"]), {})
                content = response.get("content", {})
                media = next(iter(content), "")
                responses.append({"code": code, "description": response.get("description", ""), "media": media,
                                  "type": _type_of(content.get(media, {}).get("schema", {})) if media else ""})
            found.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                          "description": op.get("description", ""), "parameters": parameters,
                          "body": _type_of(next(iter(body.values()), {}).get("schema", {})) if body else "",
                          "body_media": next(iter(body), ""),
                          "secured": bool(op.get("security")), "responses": responses,
                          "anchor": f"{method}-{path}".replace("/", "-").replace("{", "").replace("}", "")})
    return found


def _schemas(spec: dict) -> list[dict]:
    schemas = []
    for name, schema in sorted(spec.get("components", {}).get("schemas", {}).items()):
        required = set(schema.get("required", []))
        fields = [{"name": field, "type": _type_of(s), "required": field in required,
                   "description": s.get("description", ""), "read_only": s.get("readOnly", False)}
                  for field, s in schema.get("properties", {}).items()]
        schemas.append({"name": name, "description": schema.get("description", ""), "fields": fields})
    return schemas


@bp.get("/api/v1/docs")
def docs():
    spec = json.loads(document_text())
    return render_template("api/docs.html", spec=spec, operations=_operations(spec), schemas=_schemas(spec))

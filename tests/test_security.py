"""Security: forged form posts are refused, user Markdown is inert, and the browser is told to refuse the rest."""
from __future__ import annotations

import re

import pytest

from conftest import PASSWORD
from eventsite.markdown import render_markdown
from eventsite.models import User, db


def _token(client, path: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get(path).text)
    assert match, f"no CSRF token in the form at {path}"
    return match.group(1)


def _login_with_token(client, role: str):
    token = _token(client, "/login")
    response = client.post("/login", data={"email": f"{role}@example.org", "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    return response


# CSRF: a form posted from another site is refused and changes nothing


def _assert_refused_as_forged(response):
    assert response.status_code == 400
    assert "did not come from this site" in response.text
    assert "reload the page and try again" in response.text


def test_a_forged_language_switch_changes_no_account(csrf_app, users):
    """An anonymous reader's switch needs no token (their pages are kept alike for all); a logged-in
    user's is refused as forged without the token of their own page, and their account is unchanged."""
    client = csrf_app.test_client()
    _login_with_token(client, "participant")
    _assert_refused_as_forged(client.post("/language", data={"language": "ru", "next": "/"}))
    assert db.session.get(User, users["participant"].id).language != "ru"
    client.post("/language", data={"language": "ru", "next": "/", "csrf_token": _token(client, "/")})
    db.session.expire_all()
    assert db.session.get(User, users["participant"].id).language == "ru"


def test_login_with_a_token_works_when_csrf_is_on(csrf_app, client, users):
    _login_with_token(client, "organiser")
    assert "Log out" in client.get("/").text


def test_login_without_a_csrf_token_is_refused(csrf_app, client, users):
    response = client.post("/login", data={"email": "organiser@example.org", "password": PASSWORD})
    _assert_refused_as_forged(response)
    assert "Log out" not in client.get("/").text


def test_logout_without_a_csrf_token_is_refused(csrf_app, client, users):
    _login_with_token(client, "organiser")
    _assert_refused_as_forged(client.post("/logout"))
    assert "Log out" in client.get("/").text


def test_creating_a_user_without_a_csrf_token_is_refused(csrf_app, client, users):
    _login_with_token(client, "admin")
    response = client.post("/admin/users/new", data={"email": "forged@example.org", "role": "admin", "person_id": 0})
    _assert_refused_as_forged(response)
    assert db.session.execute(db.select(User).filter_by(email="forged@example.org")).scalar_one_or_none() is None


def test_the_csrf_token_from_before_logging_in_is_refused_after(csrf_app, client, users):
    before = _token(client, "/login")
    _login_with_token(client, "organiser")

    _assert_refused_as_forged(client.post("/logout", data={"csrf_token": before}))
    assert "Log out" in client.get("/").text
    after = _token(client, "/account")
    assert after != before
    assert "Logged out." in client.post("/logout", data={"csrf_token": after}, follow_redirects=True).text


def test_a_token_from_another_session_is_refused(csrf_app, app, client, users):
    other = app.test_client()
    stolen = _token(other, "/login")
    _login_with_token(client, "admin")
    response = client.post("/admin/users/new", data={
        "email": "forged@example.org", "role": "admin", "person_id": 0, "csrf_token": stolen})
    assert response.status_code == 400
    assert db.session.execute(db.select(User).filter_by(email="forged@example.org")).scalar_one_or_none() is None


# hostile Markdown comes out inert

HOSTILE = {
    "script": "<script>alert(1)</script>Harmless script text",
    "markdown javascript link": "[Harmless md link](javascript:alert(1))",
    "html javascript link": '<a href="javascript:alert(1)">Harmless html link</a>',
    "mixed-case javascript link": "[Harmless mixed link](JaVaScRiPt:alert(1))",
    "markdown image": "![i](http://127.0.0.1/x.png) Harmless image text",
    "html image with handler": "<img src=x onerror=alert(1)> Harmless handler text",
    "inline style": '<p style="background:url(http://127.0.0.1/)">Harmless styled text</p>',
    "rel attachment": '<a rel="attachment" href="file:///etc/passwd">Harmless attachment text</a>',
}
FORBIDDEN = ["<script", "javascript:", "<img", "style=", "rel=", "onerror", "file:", "127.0.0.1"]


def _harmless_text(source: str) -> str:
    return re.search(r"Harmless [a-z -]+(?:text|link)", source).group(0)


@pytest.mark.parametrize("source", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_markdown_is_rendered_inert(source):
    html = str(render_markdown(source))
    for bad in FORBIDDEN:
        assert bad not in html.lower()
    assert _harmless_text(source) in html


def test_markdown_keeps_ordinary_formatting_and_links():
    html = str(render_markdown("**bold** and [the forum](https://technoprom.example/)\n\n- one\n- two"))
    assert "<strong>bold</strong>" in html
    assert '<a href="https://technoprom.example/">the forum</a>' in html
    assert "<li>one</li>" in html


def test_one_texts_markdown_never_reaches_the_next():
    """Each thread converts every text with one converter: a link reference defined in one point's body
    must not resolve a link in the next text, nor a broken text leave anything behind."""
    defined = str(render_markdown("See [the forum][site].\n\n[site]: https://technoprom.example/"))
    assert '<a href="https://technoprom.example/">the forum</a>' in defined
    assert str(render_markdown("See [the forum][site].")) == "<p>See [the forum][site].</p>"
    render_markdown("<div>unclosed [a][b]\n\n[b]: https://other.example/")
    assert str(render_markdown("[a][b]")) == "<p>[a][b]</p>"


def _section(page: str, css_class: str) -> str:
    match = re.search(rf'<section class="{css_class}">(.*?)</section>', page, re.S)
    assert match, f"no {css_class} section on the page"
    return match.group(1)


def test_hostile_markdown_in_a_session_summary_is_inert_on_the_page(client, make):
    session = make.session(summary="\n\n".join(HOSTILE.values()))
    db.session.commit()
    response = client.get(f"/forums/{session.forum.slug}/{session.slug}/")
    assert response.status_code == 200
    summary = _section(response.text, "summary")
    for bad in FORBIDDEN:
        assert bad not in summary.lower()
    for source in HOSTILE.values():
        assert _harmless_text(source) in summary


def test_hostile_markdown_in_a_point_is_inert_on_the_page(client, make):
    session = make.session()
    for source in HOSTILE.values():
        make.point(session, body=source)
    db.session.commit()
    page = client.get(f"/forums/{session.forum.slug}/{session.slug}/").text
    points = re.search(r'<ol class="points">(.*?)</ol>\s*</section>', page, re.S).group(1)
    for bad in FORBIDDEN:
        assert bad not in points.lower()
    for source in HOSTILE.values():
        assert _harmless_text(source) in points


def test_html_in_a_session_title_is_escaped(client, make):
    session = make.session(title="<script>alert(1)</script> Title")
    db.session.commit()
    page = client.get(f"/forums/{session.forum.slug}/{session.slug}/").text
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Title" in page


# headers that tell the browser what to refuse


@pytest.mark.parametrize("path", ["/", "/login", "/no-such-page"])
def test_every_response_carries_the_security_headers(client, path):
    headers = client.get(path).headers
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "style-src 'self'" in policy
    assert "img-src 'self' data:" in policy
    assert "frame-ancestors 'none'" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_script_or_handlers_that_the_policy_would_block(client, auth, make):
    session = make.session(summary="Some *summary*.")
    make.point(session, body="A point.")
    db.session.commit()
    auth.login_as("admin")
    for path in ["/", f"/forums/{session.forum.slug}/", f"/forums/{session.forum.slug}/{session.slug}/",
                 "/admin/users", "/admin/users/new"]:
        page = client.get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=)", page), path
        assert not re.search(r"\son[a-z]+\s*=", page), path
        assert not re.search(r"\sstyle\s*=", page), path


def test_pages_of_a_logged_in_user_are_not_stored_by_browsers_or_proxies(client, auth, make):
    session = make.session()
    db.session.commit()
    public_page = f"/forums/{session.forum.slug}/{session.slug}/"
    assert "no-store" not in client.get(public_page).headers.get("Cache-Control", "")
    auth.login_as("organiser")
    for path in [public_page, "/", "/account"]:
        response = client.get(path)
        assert response.status_code == 200 and "Log out" in response.text
        assert response.headers["Cache-Control"] == "no-store", path


def test_https_only_sites_tell_browsers_to_use_https_from_the_first_request(app, client):
    assert "Strict-Transport-Security" not in client.get("/").headers
    app.config["SESSION_COOKIE_SECURE"] = True
    assert client.get("/").headers["Strict-Transport-Security"] == "max-age=31536000"


def test_session_cookie_is_http_only_and_same_site(client, users):
    client.post("/login", data={"email": "organiser@example.org", "password": PASSWORD})
    cookie = client.get_cookie("session")
    assert cookie is not None
    assert cookie.http_only
    assert cookie.same_site == "Lax"


def test_session_cookie_can_be_marked_secure_from_the_environment(tmp_path, monkeypatch):
    from eventsite import create_app

    monkeypatch.setenv("EVENTSITE_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("EVENTSITE_SESSION_COOKIE_SECURE", "true")
    assert create_app().config["SESSION_COOKIE_SECURE"] is True

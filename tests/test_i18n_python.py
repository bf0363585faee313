"""What Python says to the reader (form labels and messages, flashes, error pages, refused steps, the login
throttle) is in the reader's language: Russian for Accept-Language ru, English for en."""
from __future__ import annotations

import html

import pytest

from eventsite.accounts.passwords import check_new_password
from eventsite.accounts.throttle import too_many_message
from eventsite.emails import check_email
from eventsite.models import DocumentStatus, Minutes, PointKind, db
from queue_fixtures import idle_queue, idle_queue_app_config, redis_url  # noqa: F401 (fixtures: app_config)

MINUTES = "/forums/technoprom-2016/cluster-round-table/minutes"
SESSION = {
    "slug": "clusters", "kind": "round_table", "title": "", "local_start": "", "local_end": "2016-06-10T16:00",
    "venue": "Hall 3", "language": "en", "visibility": "public", "summary": "",
}


@pytest.fixture(params=["en", "ru"])
def language(request, client):
    """Every request of the test's client asks for this language, as a browser set to it does."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = request.param
    return request.param


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _says(language: str, en: str, ru: str) -> str:
    return ru if language == "ru" else en


def test_a_refused_form_says_why_at_the_field_in_the_readers_language(client, auth, make, language):
    make.forum(slug="tp")
    db.session.commit()
    auth.login_as("organiser")

    response = client.post("/forums/tp/sessions/new", data=SESSION)

    assert response.status_code == 422
    page = _text(response)
    # WTForms' own message, from its catalog
    assert f'id="title-error">{_says(language, "This field is required.", "Обязательное поле.")}</p>' in page
    # ours, given to the validator
    assert (f'id="local_start-error">'
            f'{_says(language, "Enter the date and time it starts.", "Введите дату и время начала.")}</p>') in page
    # labels, descriptions and the choices of an enum, read when the form is drawn
    assert f'<label for="title">{_says(language, "Title", "Название")}</label>' in page
    assert _says(language, "Local time in Asia/Novosibirsk.", "Местное время, часовой пояс Asia/Novosibirsk.") in page
    assert f'value="round_table">{_says(language, "round table", "круглый стол")}</option>' in page


def test_a_translated_hint_is_text_not_markup(client, auth, make, language):
    make.forum(slug="tp")
    db.session.commit()
    auth.login_as("organiser")

    page = client.get("/forums/tp/sessions/new").get_data(as_text=True)

    hint = _says(language, "Part of the address", "Часть адреса")
    assert f'id="slug-hint">{hint}: /forums/&lt;forum&gt;/&lt;slug&gt;/.</p>' in page


def test_a_row_of_a_sub_form_is_refused_in_the_readers_language_too(client, auth, round_table, language):
    auth.login_as("organiser")
    point = next(p for p in round_table.points if p.kind is PointKind.announcement)

    response = client.post(f"/forums/technoprom-2016/cluster-round-table/points/{point.id}/edit", data={
        "kind": "announcement", "speaker_id": 0, "body": "x", "status": "open", "version": point.version,
        "dates-0-label": "", "dates-0-date": "2016-07", "dates-0-precision": "fortnight"})

    assert response.status_code == 422
    assert (f'id="dates-0-precision-error">{_says(language, "Not a valid choice.", "Неверный вариант.")}</p>'
            in _text(response))


def test_the_flash_after_a_save_is_in_the_readers_language(client, auth, language):
    auth.login_as("organiser")

    response = client.post("/people/new", data={"name": "Yelena Krasnova", "native_name": "Елена Краснова",
                                                "email": "", "version": 0}, follow_redirects=True)

    assert response.status_code == 200
    assert _says(language, "Added Yelena Krasnova.", "Добавлено: Yelena Krasnova.") in _text(response)


def test_a_page_that_is_not_there_says_so_in_the_readers_language(client, language):
    response = client.get("/forums/no-such-forum/")

    assert response.status_code == 404
    page = _text(response)
    assert f"<h1>{_says(language, 'Not found', 'Не найдено')}</h1>" in page
    assert _says(language, "There is nothing here, or you may not see it.",
                 "Здесь ничего нет, или у вас нет доступа к этой странице.") in page


def test_a_request_of_the_wrong_kind_is_answered_in_the_readers_language(client, language):
    response = client.get("/logout")  # logging out is a POST

    assert response.status_code == 405 and response.headers["Allow"]
    page = _text(response)
    assert f"<h1>{_says(language, 'Not this way', 'Не так')}</h1>" in page
    assert "Method Not Allowed" not in page


def test_a_refused_step_says_why_in_the_readers_language(client, auth, round_table, language):
    auth.login_as("organiser")
    client.post(MINUTES + "/approve")
    client.post(MINUTES + "/publish")
    assert db.session.execute(db.select(Minutes)).scalar_one().status is DocumentStatus.published

    response = client.post(MINUTES + "/approve")

    assert response.status_code == 409
    assert _says(language, "Only a draft can be approved; these minutes are published.",
                 "Утвердить можно только черновик, а этот протокол уже опубликован.") in _text(response)


def test_a_locked_document_says_how_to_change_it_in_a_whole_sentence(client, auth, round_table, language):
    auth.login_as("organiser")
    client.post(MINUTES + "/approve")

    response = client.post(MINUTES + "/summary", data={"summary": "A change.", "version": 1})

    assert response.status_code == 409
    assert _says(language, "These minutes are approved and locked. To change them, start a correction",
                 "Протокол утверждён и закрыт для изменений. Чтобы изменить его, начните исправление") \
        in _text(response)


def test_a_step_done_is_flashed_in_the_readers_language(client, auth, round_table, language):
    auth.login_as("organiser")

    response = client.post(MINUTES + "/approve", follow_redirects=True)

    assert _says(language, "Minutes approved and locked as revision 1.",
                 "Протокол утверждён и закрыт для изменений как редакция 1.") in _text(response)


@pytest.mark.parametrize("app_config", [{"LOGIN_LIMIT_PER_ACCOUNT": "2 per 5 minutes"}])
def test_the_login_throttle_says_how_long_to_wait_in_the_readers_language(client, users, language):
    for _ in range(2):
        refused = client.post("/login", data={"email": "organiser@example.org", "password": "not-the-password"})
        assert _says(language, "Wrong email or password.", "Неверный адрес электронной почты или пароль.") \
            in _text(refused)

    response = client.post("/login", data={"email": "organiser@example.org", "password": "not-the-password"})

    assert response.status_code == 429
    assert _says(language, "Too many wrong passwords. Try again in 5 minutes.",
                 "Слишком много неверных паролей. Повторите попытку через 5 минут.") in _text(response)


@pytest.mark.parametrize("minutes, russian", [(1, "1 минуту"), (3, "3 минуты"), (5, "5 минут"), (21, "21 минуту")])
def test_russian_plurals_take_the_form_the_number_needs(app, minutes, russian):
    with app.test_request_context(headers={"Accept-Language": "ru"}):
        assert too_many_message(minutes * 60).endswith(f"через {russian}.")


def test_a_refused_password_is_explained_in_the_readers_language(app):
    with app.test_request_context(headers={"Accept-Language": "ru"}):
        with pytest.raises(ValueError) as refused:
            check_new_password("password")
    # zxcvbn's advice is English only; ours says it in Russian
    assert str(refused.value) == ("Этот пароль слишком легко угадать. Это один из 10 самых распространённых "
                                  "паролей. Добавьте ещё одно-два слова, лучше редких.")


@pytest.mark.parametrize("typed, russian", [
    ("no-at-sign", "В адресе электронной почты должен быть знак @."),
    ("a b@example.org", "В адресе электронной почты до знака @ есть недопустимые символы: SPACE."),
])
def test_a_refused_email_address_is_explained_in_the_readers_language(app, typed, russian):
    with app.test_request_context(headers={"Accept-Language": "ru"}):
        with pytest.raises(ValueError, match=russian):
            check_email(typed)


def test_commands_speak_english(runner, users):
    result = runner.invoke(args=["create-user", "organiser@example.org", "--role", "press"])

    assert result.exit_code != 0
    assert "An account for organiser@example.org already exists." in result.output


def test_the_prompt_to_log_in_is_in_the_readers_language(client, language):
    response = client.get("/account", follow_redirects=True)

    assert _says(language, "Please log in to see that page.", "Войдите, чтобы открыть эту страницу.") \
        in _text(response)

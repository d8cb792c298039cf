import re

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from samverkan.accounts.models import User
from samverkan.kernel.tasks import run_here
from samverkan.site.demo import DEMO_PASSWORD


def url(name: str, lang: str = "sv") -> str:
    with translation.override(lang):
        return reverse(name)


@pytest.mark.parametrize("email", ["partner@example.se", "Partner@Example.SE"])
def test_log_in_with_email_and_password(client, db, email):
    response = client.post(url("accounts:login"), {"username": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == url("accounts:profile")
    profile = client.get(url("accounts:profile"))
    assert "partner@example.se" in profile.content.decode()


def test_wrong_password_is_reported_at_the_form(client, db):
    response = client.post(
        url("accounts:login", "en"), {"username": "partner@example.se", "password": "wrong"}
    )
    assert response.status_code == 200
    assert "The e-mail address or password is wrong" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_log_out_needs_post(client, db, demo_user):
    client.force_login(demo_user("partner"))
    assert client.get(url("accounts:logout")).status_code == 405
    response = client.post(url("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@override_settings(SAMVERKAN_LOGIN_RATE="3/m")
def test_log_in_is_rate_limited(client, db):
    for _ in range(3):
        client.post(url("accounts:login"), {"username": "partner@example.se", "password": "x"})
    blocked = client.post(
        url("accounts:login"), {"username": "partner@example.se", "password": DEMO_PASSWORD}
    )
    assert blocked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_password_reset_by_email(client, db):
    response = client.post(url("accounts:password_reset", "en"), {"email": "expert@example.se"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["expert@example.se"]
    assert "Samverkan" in message.subject
    link = re.search(r"https?://[^/]+(/\S+)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    new_password = "ett-nytt-och-langt-losenord"
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done.status_code == 302
    assert User.objects.get(email="expert@example.se").check_password(new_password)
    # The link is single-use.
    assert not client.get(link, follow=True).context["validlink"]


def test_the_password_reset_e_mail_is_a_mail_job_not_sent_in_the_request(client, db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    response = client.post(url("accounts:password_reset", "en"), {"email": "expert@example.se"})
    assert response.status_code == 302
    assert mail.outbox == []
    [job] = DBTaskResult.objects.filter(task_path="samverkan.kernel.mail.send_email")
    assert job.args_kwargs["args"][2] == ["expert@example.se"]
    run_here([str(job.id)])
    [message] = mail.outbox
    assert message.to == ["expert@example.se"]
    link = re.search(r"https?://[^/]+(/\S+)", message.body).group(1)
    assert client.get(link, follow=True).context["validlink"]


def test_password_reset_for_unknown_address_reveals_nothing(client, db):
    response = client.post(url("accounts:password_reset"), {"email": "nobody@example.se"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_account_page_requires_login(client, db):
    response = client.get(url("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(url("accounts:login"))


def log_in(client, path: str, email: str, password: str, address: str):
    return client.post(path, {"username": email, "password": password}, REMOTE_ADDR=address)


@override_settings(SAMVERKAN_LOGIN_RATE="3/m")
def test_administration_log_in_is_rate_limited(client, db):
    admin_login = url("admin:login")
    for _ in range(3):
        log_in(client, admin_login, "admin@example.se", "wrong", "192.0.2.1")
    blocked = log_in(client, admin_login, "admin@example.se", DEMO_PASSWORD, "192.0.2.1")
    assert blocked.status_code == 429
    assert "_auth_user_id" not in client.session


@override_settings(SAMVERKAN_LOGIN_RATE="3/m")
def test_administration_log_in_counts_per_account_from_any_address(client, db):
    admin_login = url("admin:login")
    for number in range(3):
        log_in(client, admin_login, "admin@example.se", "wrong", f"192.0.2.{number + 1}")
    blocked = log_in(client, admin_login, "admin@example.se", DEMO_PASSWORD, "192.0.2.9")
    assert blocked.status_code == 429
    assert "_auth_user_id" not in client.session


@override_settings(SAMVERKAN_LOGIN_RATE="3/m")
def test_administration_log_in_still_works_below_the_limit(client, db):
    admin_login = url("admin:login")
    log_in(client, admin_login, "admin@example.se", "wrong", "192.0.2.1")
    response = log_in(client, admin_login, "admin@example.se", DEMO_PASSWORD, "192.0.2.1")
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


@override_settings(SAMVERKAN_LOGIN_RATE="3/m")
def test_changing_the_case_of_the_address_does_not_reset_the_account_limit(client, db):
    spellings = ["partner@example.se", "Partner@Example.se", " PARTNER@EXAMPLE.SE "]
    for number, spelling in enumerate(spellings):
        log_in(client, url("accounts:login"), spelling, "wrong", f"198.51.100.{number + 1}")
    blocked = log_in(
        client, url("accounts:login"), "pArTnEr@example.se", DEMO_PASSWORD, "198.51.100.9"
    )
    assert blocked.status_code == 429
    assert "_auth_user_id" not in client.session


@override_settings(SAMVERKAN_LOGIN_RATE="3/m")
def test_password_reset_is_limited_per_account_from_any_address(client, db):
    spellings = ["expert@example.se", "Expert@Example.se", "EXPERT@EXAMPLE.SE"]
    for number, spelling in enumerate(spellings):
        sent = client.post(
            url("accounts:password_reset"), {"email": spelling}, REMOTE_ADDR=f"203.0.113.{number}"
        )
        assert sent.status_code == 302
    blocked = client.post(
        url("accounts:password_reset"), {"email": "expert@example.se"}, REMOTE_ADDR="203.0.113.9"
    )
    assert blocked.status_code == 429
    assert len(mail.outbox) == len(spellings)


@override_settings(SAMVERKAN_LOGIN_RATE="3/m")
def test_the_site_and_the_administration_log_in_share_the_account_limit(client, db):
    log_in(client, url("accounts:login"), "admin@example.se", "wrong", "192.0.2.1")
    log_in(client, url("accounts:login"), "admin@example.se", "wrong", "192.0.2.2")
    log_in(client, url("admin:login"), "Admin@example.se", "wrong", "192.0.2.3")
    blocked = log_in(client, url("admin:login"), "admin@example.se", DEMO_PASSWORD, "192.0.2.4")
    assert blocked.status_code == 429
    assert "_auth_user_id" not in client.session

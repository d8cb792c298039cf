import re

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from samverkan.accounts.models import User
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


def test_password_reset_for_unknown_address_reveals_nothing(client, db):
    response = client.post(url("accounts:password_reset"), {"email": "nobody@example.se"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_account_page_requires_login(client, db):
    response = client.get(url("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(url("accounts:login"))

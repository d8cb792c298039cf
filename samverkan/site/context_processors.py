"""Template context every page needs: site identity and links to the same page in each language."""

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url


def site(request: HttpRequest) -> dict:
    current_path = request.get_full_path()
    alternates = [
        {
            "code": code,
            "name": name,
            "url": translate_url(current_path, code),
        }
        for code, name in settings.LANGUAGES
    ]
    return {
        "site_name": settings.SAMVERKAN_SITE_NAME,
        "site_logo_url": settings.SAMVERKAN_LOGO_URL,
        "site_contact_email": settings.SAMVERKAN_CONTACT_EMAIL,
        "language_alternates": alternates,
    }

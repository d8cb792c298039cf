from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from samverkan.accounts.views import admin_login
from samverkan.api import errors
from samverkan.api.urls import api
from samverkan.site import views as site_views

urlpatterns = [
    path("api/v1/", api.urls),
    path("healthz", site_views.health, name="health"),
]

urlpatterns += i18n_patterns(
    path("", include("samverkan.site.urls")),
    path("", include("samverkan.kernel.urls")),
    path("", include("samverkan.places.urls")),
    path("", include("samverkan.directory.urls")),
    path("", include("samverkan.catalogue.urls")),
    path("", include("samverkan.collaborations.urls")),
    path("", include("samverkan.sdg.urls")),
    path("", include("samverkan.arenas.urls")),
    path("", include("samverkan.matching.urls")),
    path("", include("samverkan.needs.urls")),
    path("", include("samverkan.activities.urls")),
    path("", include("samverkan.accounts.urls")),
    path("admin/login/", admin_login),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

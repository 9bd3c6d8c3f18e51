"""Content-Security-Policy: Django's middleware, with the Wagtail admin's own policy."""

from django.conf import settings
from django.middleware.csp import ContentSecurityPolicyMiddleware as DjangoCSPMiddleware


class ContentSecurityPolicyMiddleware(DjangoCSPMiddleware):
    """Serve settings.ADMIN_CSP under the Wagtail admin, settings.SECURE_CSP everywhere else.

    The admin renders inline scripts of its own that a nonce cannot cover, so it is the
    only place where inline code is allowed. Views may still override either policy with
    Django's csp_override decorator.
    """

    admin_prefix = "/" + settings.WAGTAILADMIN_PATH

    def process_response(self, request, response):
        if request.path.startswith(self.admin_prefix) and not hasattr(response, "_csp_config"):
            response._csp_config = settings.ADMIN_CSP
        return super().process_response(request, response)

"""Content-Security-Policy: Django's middleware, with the Wagtail admin's own policies."""

from django.conf import settings
from django.middleware.csp import ContentSecurityPolicyMiddleware as DjangoCSPMiddleware


class ContentSecurityPolicyMiddleware(DjangoCSPMiddleware):
    """Serve settings.ADMIN_CSP under the Wagtail admin, settings.SECURE_CSP everywhere else,
    on every response: the outermost middleware, so error pages and redirects get it too.

    The admin renders inline scripts of its own that a nonce cannot cover, so it is the
    only place where inline code is allowed. Wagtail renders previews by passing a dummy
    request for the public URL through this middleware; those get settings.PREVIEW_CSP, the
    public policy that lets the editor frame them. Views may still override any of these
    with Django's csp_override decorator, with another policy but never with none: Django's
    debug pages ask for none (DEBUG only) and get settings.DEBUG_PAGE_CSP.
    """

    admin_prefix = "/" + settings.WAGTAILADMIN_PATH

    def process_response(self, request, response):
        if not hasattr(response, "_csp_config"):
            if getattr(request, "is_preview", False):
                response._csp_config = settings.PREVIEW_CSP
            elif request.path.startswith(self.admin_prefix):
                response._csp_config = settings.ADMIN_CSP
        elif not response._csp_config:
            response._csp_config = settings.DEBUG_PAGE_CSP
        return super().process_response(request, response)

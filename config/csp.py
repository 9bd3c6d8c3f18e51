"""Content-Security-Policy: Django's middleware, with the Wagtail admin's own policies."""

from django.conf import settings
from django.middleware.csp import ContentSecurityPolicyMiddleware as DjangoCSPMiddleware
from django.middleware.csp import get_nonce
from django.utils.csp import CSP, build_policy


class ContentSecurityPolicyMiddleware(DjangoCSPMiddleware):
    """Serve settings.ADMIN_CSP under the Wagtail admin, settings.SECURE_CSP everywhere else,
    on every response: the outermost middleware, so error pages and redirects get it too.

    The admin renders inline scripts of its own that a nonce cannot cover, so it is the
    only place where inline code is allowed. Wagtail renders previews by passing a dummy
    request for the public URL through this middleware; those get settings.PREVIEW_CSP, the
    public policy that lets the editor frame them. Views may still override any of these
    with Django's csp_override decorator, with another policy but never with none: Django's
    debug pages ask for none (DEBUG only) and get settings.DEBUG_PAGE_CSP.

    Only the header Django wrote is read: a response carrying the site's default policy got
    no override, and one carrying none asked for none.
    """

    admin_prefix = "/" + settings.WAGTAILADMIN_PATH

    def process_response(self, request, response):
        response = super().process_response(request, response)
        header = str(CSP.HEADER_ENFORCE)
        if header not in response:
            response.headers[header] = build_policy(settings.DEBUG_PAGE_CSP, get_nonce(request))
        elif response.headers[header] == build_policy(settings.SECURE_CSP, get_nonce(request)):
            if getattr(request, "is_preview", False):
                policy = settings.PREVIEW_CSP
            elif request.path.startswith(self.admin_prefix):
                policy = settings.ADMIN_CSP
            else:
                return response
            response.headers[header] = build_policy(policy, get_nonce(request))
        return response

from audit.services import _current_request


class AuditRequestMiddleware:
    """Remember the request while it is served, so permission-change receivers (which Django
    calls without one) can record who made the change and on which page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)

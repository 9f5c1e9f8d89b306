from audit.services import DENIED, _current_request, record_refusal


class AuditRequestMiddleware:
    """Remember the request while it is served, so permission-change receivers (which Django
    calls without one) can record who made the change and on which page; and record every 403 a
    signed-in user is given (an organisation's review or documents, a reviewer page), unless
    the view recorded that refusal itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            response = self.get_response(request)
            if response.status_code == 403:
                record_refusal(request, DENIED)
            return response
        finally:
            _current_request.reset(token)
